import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import type { Plan } from '../../compiler/plan-types.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import type { ApplyReport, PhaseReport } from '../../runtime/apply-report.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import type { SourceRecord } from '../../runtime/sources/source.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { copyDemoProject, demoDirectory } from '../support/demo-project.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dataset = generateDemoDataset();
const organizations = dataset.tables['customerdata.organization']!;
const contacts = dataset.tables['customerdata.contact']!;
const cases = dataset.tables['data.pc_acme_cs_work']!;

function compileDemo(): Plan {
  const loaded = loadProject(demoDirectory);
  expect(loaded.diagnostics).toEqual([]);
  const compiled = compileProject(loaded.inputs!);
  expect(compiled.diagnostics).toEqual([]);
  return compiled.plan!;
}

function phase(report: ApplyReport, object: string): PhaseReport {
  return report.phases.find((entry) => entry.object === object)!;
}

const trimmed = (value: string | null | undefined) => (value ?? '').trim();
const contactKeys = new Set(contacts.map((contact) => contact.ContactID));

describe('demo apply into the sandbox over XML-RPC', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let projectDirectory: string;
  let plan: Plan;
  let firstRun: ApplyReport;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: 'demo-secret' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'demo-secret' });
    projectDirectory = copyDemoProject();
    plan = compileDemo();
    const source = new BixXmlSource({ directory: join(demoDirectory, 'extract') });
    firstRun = await applyPlan({ plan, client, source, projectDirectory });
    await source.close();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('loads every object and accounts for every source row', () => {
    expect(firstRun.phases.map((entry) => [entry.object, entry.status, entry.sourceRows, entry.created, entry.rejected, entry.odooCount])).toEqual([
      ['Company', 'succeeded', 40, 40, 0, 40],
      ['Contact', 'succeeded', 200, 200, 0, 200],
      ['WorkObject', 'succeeded', 500, 485, 15, 485],
    ]);
  });

  it('rejects exactly the cases whose customer is missing, naming key and reference', () => {
    const missing = cases.filter((row) => row.CustomerID !== null && !contactKeys.has(row.CustomerID!));
    expect(missing).toHaveLength(dataset.dirt.casesWithMissingCustomer!);

    const lines = readFileSync(join(projectDirectory, '.pmap/rejects/work_object.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines.map((line) => line.key)).toEqual(missing.map((row) => row.pyID));
    for (const [index, line] of lines.entries()) {
      expect(line.code).toBe('missing-reference');
      expect(line.reason).toContain(`no Contact with key "${missing[index]!.CustomerID}" was loaded`);
    }
    expect(phase(firstRun, 'WorkObject').rejectGroups).toEqual([
      { code: 'missing-reference', summary: 'partner_id references a Contact that was not loaded', count: 15, examples: missing.slice(0, 3).map((row) => row.pyID) },
    ]);
  });

  it('stores company values as the spec computes them', async () => {
    const records = await readByExternalId(client, 'company', 'res.partner', ['name', 'email', 'phone', 'city', 'is_company', 'country_id']);
    const countries = new Map((await client.searchRead('res.country', [], ['code'])).map((country) => [String(country.code), country.id]));
    for (const organization of organizations) {
      const record = records.get(organization.OrganizationID!)!;
      expect(record.name).toBe(trimmed(organization.Name));
      expect(record.is_company).toBe(true);
      expect(record.email).toBe(organization.Email ? organization.Email.trim().toLowerCase() : false);
      expect(record.city).toBe(organization.City ? organization.City.trim() : false);
      expect((record.country_id as [number, string])[0]).toBe(countries.get(organization.CountryCode!.trim().toUpperCase()));
    }
  });

  it('links contacts to their company with trimmed names and lower-case emails', async () => {
    const companies = await readByExternalId(client, 'company', 'res.partner', ['name']);
    const records = await readByExternalId(client, 'contact', 'res.partner', ['name', 'email', 'parent_id', 'is_company']);
    for (const contact of contacts) {
      const record = records.get(contact.ContactID!)!;
      expect(record.name).toBe([trimmed(contact.FirstName), trimmed(contact.LastName)].filter(Boolean).join(' '));
      expect(record.email).toBe(contact.Email ? contact.Email.trim().toLowerCase() : false);
      expect(record.is_company).toBe(false);
      const parent = contact.OrganizationID ? companies.get(contact.OrganizationID)!.id : false;
      expect(Array.isArray(record.parent_id) ? record.parent_id[0] : record.parent_id).toBe(parent);
    }
  });

  it('maps case status, urgency and closure', async () => {
    const stages = new Map(((await client.searchRead('crm.stage', [], ['name'])) as Array<{ id: number; name: string }>).map((stage) => [stage.id, stage.name]));
    const records = await readByExternalId(client, 'work_object', 'crm.lead', ['name', 'type', 'stage_id', 'priority', 'active', 'partner_id', 'description']);
    const stageFor: Record<string, string> = { New: 'New', Open: 'Qualified', 'Pending-Approval': 'Proposition', 'Pending-External': 'Proposition', 'Resolved-Completed': 'Won' };
    const priorityFor: Record<string, string> = { '10': '0', '20': '1', '50': '2', '100': '3' };

    let checked = 0;
    for (const row of cases) {
      const record = records.get(row.pyID!);
      if (row.CustomerID && !contactKeys.has(row.CustomerID)) {
        expect(record).toBeUndefined();
        continue;
      }
      expect(record!.name).toBe(trimmed(row.pyLabel) || row.pyID);
      expect(record!.type).toBe('opportunity');
      expect(stages.get((record!.stage_id as [number, string])[0])).toBe(stageFor[row.pyStatusWork!] ?? 'New');
      expect(record!.priority).toBe(priorityFor[row.pxUrgencyWork ?? ''] ?? '0');
      const archived = ['Resolved-Cancelled', 'Resolved-Withdrawn'].includes(row.pyStatusWork!);
      expect(record!.active).toBe(!archived);
      expect(record!.description).toBe(row.pyDescription ?? false);
      checked += 1;
    }
    expect(checked).toBe(485);
  });

  it('gives every case to the fallback owner in owners.yaml', async () => {
    const records = await readByExternalId(client, 'work_object', 'crm.lead', ['user_id']);
    const [admin] = await client.searchRead('res.users', [['login', '=', sandbox.login]], ['login']);

    expect(firstRun.owners).toEqual({ operators: 20, bySource: { odoo_login: 0, matched: 0, provisioned: 0, fallback: 20 }, fallback: 'admin', unresolved: 0 });
    expect(records.size).toBe(485);
    for (const [key, record] of records) expect((record.user_id as [number, string])[0], key).toBe(admin!.id);
  });

  it('creates nothing and writes nothing on a second run', async () => {
    const source = new BixXmlSource({ directory: join(demoDirectory, 'extract') });
    const secondRun = await applyPlan({ plan, client, source, projectDirectory });
    await source.close();

    expect(secondRun.phases.map((entry) => [entry.object, entry.created, entry.updated, entry.unchanged, entry.rejected, entry.odooCount])).toEqual([
      ['Company', 0, 0, 40, 0, 40],
      ['Contact', 0, 0, 200, 0, 200],
      ['WorkObject', 0, 0, 485, 15, 485],
    ]);
    expect(await client.searchCount('crm.lead', [])).toBe(485);
  });

  it('writes only the records whose source changed', async () => {
    const changed = cases.map((row): SourceRecord => (row.pyID === cases[0]!.pyID ? { ...row, pyLabel: 'Relabelled in Pega' } : row));
    const report = await applyPlan({ plan, client, source: arraySource({ 'data.pc_acme_cs_work': changed }, join(demoDirectory, 'extract')), projectDirectory });

    expect(phase(report, 'WorkObject')).toMatchObject({ created: 0, updated: 1, unchanged: 484 });
    const records = await readByExternalId(client, 'work_object', 'crm.lead', ['name']);
    expect(records.get(cases[0]!.pyID!)!.name).toBe('Relabelled in Pega');
  });
});

/** Reads the records of one object, keyed by the Pega key in their external ids. */
async function readByExternalId(client: OdooClient, prefix: string, model: string, fields: string[]): Promise<Map<string, Record<string, unknown> & { id: number }>> {
  const links = await client.searchRead('ir.model.data', [['module', '=', 'pmap'], ['model', '=', model], ['name', '=like', `${prefix.replace(/_/g, '\\_')}\\_\\_%`]], ['name', 'res_id']);
  const records = await client.read(model, links.map((link) => Number(link.res_id)), fields);
  const byId = new Map(records.map((record) => [record.id, record]));
  return new Map(links.map((link) => [String(link.name).slice(prefix.length + 2), byId.get(Number(link.res_id))!]));
}

/** Builds a source that serves some tables from memory and the rest from the demo extract. */
function arraySource(tables: Record<string, SourceRecord[]>, extractDirectory: string) {
  const files = new BixXmlSource({ directory: extractDirectory });
  return {
    async *read(table: { table: string; className?: string; key: readonly string[] }) {
      const rows = tables[table.table];
      if (rows) yield* rows;
      else yield* files.read(table);
    },
    close: () => files.close(),
  };
}

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import type { Plan } from '../../compiler/plan-types.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import type { ApplyReport, PhaseReport } from '../../runtime/apply-report.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { readFileSync, writeFileSync } from 'node:fs';

const dataset = generateDemoDataset();
const contacts = dataset.tables['customerdata.contact']!;
const cases = dataset.tables['data.pc_acme_cs_work']!;
const normalizedEmail = (email: string | null | undefined) => (email ?? '').trim().toLowerCase();

describe('object options, cleansing and validators', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;

  beforeEach(async () => {
    sandbox = await startSandbox({ password: 'members' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'members' });
    directory = copyDemoProject();
  });

  afterEach(async () => {
    await sandbox.close();
  });

  function plan(): Plan {
    const compiled = compileProject(loadProject(directory).inputs!);
    expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    return compiled.plan!;
  }

  async function apply(): Promise<ApplyReport> {
    return applyPlan({ plan: plan(), client, source: new BixXmlSource({ directory: join(directory, 'extract') }), projectDirectory: directory });
  }

  function phase(report: ApplyReport, object: string): PhaseReport {
    return report.phases.find((entry) => entry.object === object)!;
  }

  it('dedupes contacts and links cases of a duplicate to the kept contact', async () => {
    editProjectFile(directory, 'specs/contact.pmap', '  parent_id  = ref(Company, OrganizationID)', '  parent_id  = ref(Company, OrganizationID)\n  dedupe by lower(trim(Email)) keep first');
    const report = await apply();

    const firstByEmail = new Map<string, string>();
    for (const contact of contacts) {
      const email = normalizedEmail(contact.Email);
      if (email !== '' && !firstByEmail.has(email)) firstByEmail.set(email, contact.ContactID!);
    }
    const removed = contacts.filter((contact) => normalizedEmail(contact.Email) !== '' && firstByEmail.get(normalizedEmail(contact.Email)) !== contact.ContactID);
    expect(removed).toHaveLength(dataset.dirt.duplicateContacts!);
    expect(phase(report, 'Contact')).toMatchObject({ sourceRows: 200, deduplicated: removed.length, created: 200 - removed.length, rejected: 0 });

    const lines = readFileSync(join(directory, '.pmap/rejects/contact.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { key: string; code: string; reason: string });
    expect(lines.map((line) => line.key)).toEqual(removed.map((contact) => contact.ContactID));
    expect(lines[0]!.reason).toContain(`which was kept (keep first)`);

    const removedKeys = new Set(removed.map((contact) => contact.ContactID));
    const casesOfDuplicates = cases.filter((row) => row.CustomerID && removedKeys.has(row.CustomerID));
    expect(casesOfDuplicates.length).toBeGreaterThan(0);
    expect(phase(report, 'WorkObject')).toMatchObject({ created: 485, rejected: 15 });

    const sample = casesOfDuplicates[0]!;
    const kept = firstByEmail.get(normalizedEmail(contacts.find((contact) => contact.ContactID === sample.CustomerID)!.Email))!;
    const [lead] = await client.searchRead('ir.model.data', [['module', '=', 'pmap'], ['name', '=', `work_object__${sample.pyID}`]], ['res_id']);
    const [keptLink] = await client.searchRead('ir.model.data', [['module', '=', 'pmap'], ['name', '=', `contact__${kept}`]], ['res_id']);
    const [record] = await client.read('crm.lead', [Number(lead!.res_id)], ['partner_id']);
    expect((record!.partner_id as [number, string])[0]).toBe(Number(keptLink!.res_id));
  });

  it('creates a declared custom field once and fills it', async () => {
    editProjectFile(directory, 'specs/contact.pmap', '  is_company = false', '  is_company = false\n  x_pega_contact_id = ContactID\n  custom field x_pega_contact_id: char "Pega contact ID"');
    const first = await apply();
    expect(first.createdFields).toEqual(['res.partner.x_pega_contact_id']);

    const fields = await client.fieldsGet('res.partner', ['type', 'string']);
    expect(fields.x_pega_contact_id).toEqual({ type: 'char', string: 'Pega contact ID' });
    const stored = await client.searchRead('res.partner', [['x_pega_contact_id', '=', contacts[0]!.ContactID]], ['name']);
    expect(stored).toHaveLength(1);

    const second = await apply();
    expect(second.createdFields).toEqual([]);
    expect(phase(second, 'Contact')).toMatchObject({ created: 0, unchanged: 200 });
  });

  it('rejects records that fail validators, naming the rule', async () => {
    editProjectFile(directory, 'specs/contact.pmap', '  is_company = false', '  is_company = false\n  require email or phone\n  check email is email');
    const report = await apply();

    const withoutBoth = contacts.filter((contact) => normalizedEmail(contact.Email) === '' && (contact.Phone ?? '').trim() === '');
    const contact = phase(report, 'Contact');
    const requireGroup = contact.rejectGroups.find((group) => group.summary === 'require email or phone');
    expect(requireGroup?.count ?? 0).toBe(withoutBoth.length);
    expect(contact.created + contact.rejected).toBe(200);
  });

  it('adopts an existing Odoo contact with the same e-mail', async () => {
    const emailCount = (email: string) => contacts.filter((contact) => normalizedEmail(contact.Email) === email).length;
    const target = contacts.find((contact) => normalizedEmail(contact.Email) !== '' && emailCount(normalizedEmail(contact.Email)) === 1)!;
    const [existingId] = await client.create('res.partner', [{ name: 'Created by hand in Odoo', email: normalizedEmail(target.Email).toUpperCase() }]);
    editProjectFile(directory, 'specs/contact.pmap', '  is_company = false', '  is_company = false\n  match email');
    const report = await apply();

    // Without a dedupe rule, each later contact sharing an e-mail is rejected, wherever its batch boundary falls.
    const duplicates = dataset.dirt.duplicateContacts!;
    expect(phase(report, 'Contact')).toMatchObject({ created: 199 - duplicates, updated: 1, rejected: duplicates });
    const [link] = await client.searchRead('ir.model.data', [['module', '=', 'pmap'], ['name', '=', `contact__${target.ContactID}`]], ['res_id']);
    expect(Number(link!.res_id)).toBe(existingId);
    const [adopted] = await client.read('res.partner', [existingId!], ['name']);
    expect(adopted!.name).toBe([target.FirstName?.trim(), target.LastName?.trim()].filter(Boolean).join(' '));
  });

  it('leaves existing records alone in create-only mode', async () => {
    editProjectFile(directory, 'specs/company.pmap', '  is_company = true', '  is_company = true\n  mode create-only');
    await apply();
    editProjectFile(directory, 'specs/company.pmap', 'name       = trim(Name)', 'name       = upper(trim(Name))');
    const second = await apply();

    expect(phase(second, 'Company')).toMatchObject({ created: 0, updated: 0, unchanged: 40 });
    const names = (await client.searchRead('res.partner', [['is_company', '=', true], ['id', '>', 3]], ['name'])).map((record) => String(record.name));
    expect(names.every((name) => name !== name.toUpperCase())).toBe(true);
  });

  it('rejects a record whose match was already adopted', async () => {
    const duplicated = contacts.find((contact) => normalizedEmail(contact.Email) !== '' && contacts.filter((other) => normalizedEmail(other.Email) === normalizedEmail(contact.Email)).length === 2)!;
    await client.create('res.partner', [{ name: 'Existing', email: normalizedEmail(duplicated.Email) }]);
    editProjectFile(directory, 'specs/contact.pmap', '  is_company = false', '  is_company = false\n  match email');
    const report = await apply();

    const contact = phase(report, 'Contact');
    const duplicates = dataset.dirt.duplicateContacts!;
    expect(contact).toMatchObject({ created: 199 - duplicates, updated: 1, rejected: duplicates });
    expect(contact.rejectGroups.map((group) => group.summary)).toEqual(['match email is ambiguous or already taken']);
  });

  it('cleans a column before dedupe and fields read it', async () => {
    editProjectFile(directory, 'specs/contact.pmap', '  is_company = false', '  is_company = false\n  clean Email = lower(trim(Email))\n  dedupe by Email keep first');
    editProjectFile(directory, 'specs/contact.pmap', 'email      = lower(trim(Email))', 'email      = Email');
    const report = await apply();
    expect(phase(report, 'Contact')).toMatchObject({ deduplicated: dataset.dirt.duplicateContacts, created: 200 - dataset.dirt.duplicateContacts!, rejected: 0 });
    const emails = (await client.searchRead('res.partner', [['is_company', '=', false], ['id', '>', 3]], ['email'])).map((record) => record.email).filter((email): email is string => typeof email === 'string');
    expect(emails.every((email) => email === email.trim().toLowerCase())).toBe(true);
  });

  it('rejects a record a cleansing rule rejects, naming the rule', async () => {
    editProjectFile(directory, 'specs/contact.pmap', '  is_company = false', '  is_company = false\n  clean FirstName = Known(trim(FirstName))');
    writeFileSync(join(directory, 'specs', 'known.pmap'), `values Known { "${contacts[0]!.FirstName!.trim()}" => "${contacts[0]!.FirstName!.trim()}" else => error }\n`);
    const report = await apply();
    const contact = phase(report, 'Contact');
    const known = contacts.filter((row) => row.FirstName!.trim() === contacts[0]!.FirstName!.trim()).length;
    expect(contact).toMatchObject({ created: known, rejected: 200 - known });
    const lines = readFileSync(join(directory, '.pmap/rejects/contact.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { reason: string });
    const firstRejected = contacts.find((row) => row.FirstName!.trim() !== contacts[0]!.FirstName!.trim())!;
    expect(lines[0]!.reason).toBe(`clean FirstName: the value ${JSON.stringify(firstRejected.FirstName!.trim())} is not in value map Known`);
  });
});

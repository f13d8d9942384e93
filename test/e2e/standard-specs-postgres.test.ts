import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { OdooClient, type OdooRecord } from '../../runtime/odoo/odoo-client.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import type { PegaFixtureSize } from '../fixtures/pega-db/fixture-sizes.js';
import { generatePegaDatabase, type GeneratedPegaDatabase } from '../fixtures/pega-db/generate-pega-db.js';
import { createTestDatabase, releaseTestDatabases, type TestDatabase } from '../support/postgres.js';
import { runPmap, type PmapResult } from '../support/run-pmap.js';

/**
 * The standard specs that `pmap init` writes, run as a user would against
 * the realistic Pega fixture database: init, discover both sides, pair the
 * operators with users, apply into the project's sandbox and verify. The
 * checks then read loaded records back and compare them with fixture rows.
 */
function describeStandardSpecs(size: PegaFixtureSize): void {
  describe(`the standard specs on the ${size} Pega fixture`, () => {
    let database: TestDatabase;
    let generated: GeneratedPegaDatabase;
    let workspace: string;
    let project: string;
    let env: Record<string, string>;
    let sandbox: Sandbox;
    let odoo: OdooClient;
    let pega: pg.Client;
    const results: Record<string, PmapResult> = {};

    const pmap = async (step: string, args: string[]): Promise<PmapResult> => {
      const result = await runPmap(args, { env });
      results[step] = result;
      return result;
    };
    const data = (table: string): string => `${pg.escapeIdentifier(generated.schemaNames.data)}.${pg.escapeIdentifier(table)}`;
    const customerdata = (table: string): string => `${pg.escapeIdentifier(generated.schemaNames.customerdata)}.${pg.escapeIdentifier(table)}`;

    beforeAll(async () => {
      database = await createTestDatabase('specs');
      generated = await generatePegaDatabase({ connectionString: database.connectionString, size, schemaPrefix: database.schemaPrefix });
      env = { PMAP_PEGA_DATABASE_URL: database.connectionString };
      workspace = mkdtempSync(join(tmpdir(), 'pmap-standard-specs-'));
      project = join(workspace, 'acme-migration');

      await pmap('init', ['init', project]);
      // The test database prefixes its schema names, as some sites do: map them in pmap.yaml.
      const schemas = Object.entries(generated.schemaNames).map(([name, actual]) => `    ${name}: ${actual}`).join('\n');
      const config = readFileSync(join(project, 'pmap.yaml'), 'utf8');
      writeFileSync(join(project, 'pmap.yaml'), config.replace('  url_env: PMAP_PEGA_DATABASE_URL\n', `  url_env: PMAP_PEGA_DATABASE_URL\n  schemas:\n${schemas}\n`));

      await pmap('discover pega', ['discover', 'pega', project]);
      await pmap('discover odoo', ['discover', 'odoo', project, '--sandbox']);
      await pmap('check', ['check', project]);
      await pmap('users', ['users', project, '--sandbox', '--provision']);
      await pmap('apply', ['apply', project, '--sandbox']);
      await pmap('verify', ['verify', project, '--sandbox']);

      sandbox = await startSandbox({ password: 'standard-specs', persistFile: join(project, '.pmap', 'sandbox', 'odoo.json') });
      odoo = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'standard-specs' });
      pega = new pg.Client({ connectionString: database.connectionString });
      await pega.connect();
    }, 900_000);

    afterAll(async () => {
      await pega?.end();
      await sandbox?.close();
      if (workspace) rmSync(workspace, { recursive: true, force: true });
      await database?.drop();
      await releaseTestDatabases();
    });

    /** Reads records of a model by a custom key field, as a map from that key. */
    const byKey = async (model: string, keyField: string, fields: string[]): Promise<Map<string, OdooRecord>> => {
      const rows = await odoo.searchRead(model, [[keyField, '!=', false]], [keyField, ...fields]);
      return new Map(rows.map((row) => [String(row[keyField]), row]));
    };
    const linkedId = (value: unknown): number | false => (Array.isArray(value) ? (value[0] as number) : false);
    const odooDateTime = (column: string): string => `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS')`;

    it('runs every step without an error', () => {
      expect(results.init!.stdout).toContain('Next steps:');
      for (const [step, result] of Object.entries(results)) {
        expect(result.stderr, step).toBe('');
        expect(result.code, `${step}: ${result.stdout}`).toBe(0);
      }
      expect(results.users!.stdout).toContain('Every operator has an Odoo user.');
      expect(results.verify!.stdout).toContain('Every checked record matches what the specs compute from the source.');
    });

    it('accounts for every source row', async () => {
      const report = JSON.parse(readFileSync(join(project, '.pmap', 'reports', 'last-apply.json'), 'utf8')) as ApplyReport;
      const tables: Record<string, string> = {
        Company: 'customerdata.organization',
        Contact: 'customerdata.contact',
        LoyaltyAccount: 'customerdata.acme_loyalty_account',
        WorkObject: 'data.pc_acme_cs_work',
      };
      expect(report.phases.map((phase) => phase.object).sort()).toEqual(Object.keys(tables).sort());
      for (const phase of report.phases) {
        expect(phase.status, phase.object).toBe('succeeded');
        expect(phase.sourceRows, phase.object).toBe(generated.rowCounts[tables[phase.object]!]);
        expect(phase.created + phase.updated + phase.unchanged + phase.rejected + phase.deduplicated, phase.object).toBe(phase.sourceRows);
        expect(phase.odooCount, phase.object).toBe(phase.sourceRows - phase.rejected - phase.deduplicated);
      }
      expect(results.apply!.stdout).toContain('Reconciliation: every source row is accounted for, and Odoo holds every loaded record.');
    });

    it('links companies to their parents', async () => {
      const companies = await byKey('res.partner', 'x_pega_organization_id', ['parent_id', 'is_company', 'x_pega_created_at']);
      const rows = await pega.query<{ id: string; parent: string | null; created: string }>(
        `SELECT organizationid AS id, parentorganizationid AS parent, ${odooDateTime('createdatetime')} AS created FROM ${customerdata('organization')}`,
      );
      const withParent = rows.rows.filter((row) => row.parent !== null);
      expect(withParent.length).toBeGreaterThan(0);
      // One parent comes after its child in key order, which the second pass handles.
      expect(withParent.some((row) => row.parent! > row.id)).toBe(true);
      for (const row of rows.rows) {
        const company = companies.get(row.id)!;
        expect(company.is_company, row.id).toBe(true);
        expect(company.x_pega_created_at, row.id).toBe(row.created);
        const expectedParent = row.parent === null ? false : companies.get(row.parent)!.id;
        expect(linkedId(company.parent_id), row.id).toBe(expectedParent);
      }
    });

    it('merges contacts by e-mail, latest kept', async () => {
      const contacts = await byKey('res.partner', 'x_pega_customer_id', ['parent_id', 'email', 'x_pega_updated_at']);
      const companies = await byKey('res.partner', 'x_pega_organization_id', []);
      const rows = await pega.query<{ id: string; email: string | null; organization: string | null; updated: string }>(
        `SELECT contactid AS id, lower(trim(email)) AS email, organizationid AS organization, ${odooDateTime('updatedatetime')} AS updated FROM ${customerdata('contact')}`,
      );
      const groups = new Map<string, typeof rows.rows>();
      for (const row of rows.rows) if (row.email) groups.set(row.email, [...(groups.get(row.email) ?? []), row]);
      const duplicates = [...groups.values()].filter((group) => group.length > 1);
      expect(duplicates.length).toBeGreaterThan(0);
      for (const group of duplicates) {
        const latest = [...group].sort((left, right) => (left.updated < right.updated ? 1 : -1))[0]!;
        expect(group.filter((row) => contacts.has(row.id)).map((row) => row.id), latest.email!).toEqual([latest.id]);
      }
      for (const row of rows.rows) {
        const contact = contacts.get(row.id);
        if (!contact) continue;
        const company = row.organization === null ? undefined : companies.get(row.organization);
        expect(linkedId(contact.parent_id), row.id).toBe(company?.id ?? false);
        expect(contact.x_pega_updated_at, row.id).toBe(row.updated);
      }
    });

    it('loads loyalty accounts under contacts', async () => {
      const accounts = await byKey('res.partner', 'x_pega_loyalty_id', ['parent_id', 'x_loyalty_tier', 'x_loyalty_points', 'active']);
      const contacts = await byKey('res.partner', 'x_pega_customer_id', []);
      const rows = await pega.query<{ id: string; contact: string; tier: string; points: string; status: string | null }>(
        `SELECT loyaltyid AS id, contactid AS contact, tier, points, status FROM ${customerdata('acme_loyalty_account')}`,
      );
      let onKeptContact = 0;
      for (const row of rows.rows) {
        const account = accounts.get(row.id)!;
        expect(account.x_loyalty_tier, row.id).toBe(row.tier.toLowerCase());
        expect(account.x_loyalty_points, row.id).toBe(Number(row.points));
        expect(account.active, row.id).toBe(row.status !== 'Closed');
        const contact = contacts.get(row.contact);
        if (contact) expect(linkedId(account.parent_id), row.id).toBe(contact.id);
        else onKeptContact += 1;
        expect(linkedId(account.parent_id), row.id).not.toBe(false);
      }
      expect(rows.rows.length - onKeptContact).toBeGreaterThan(0);
    });

    it('loads cases with original dates', async () => {
      const leads = await byKey('crm.lead', 'x_pega_case_id', ['type', 'stage_id', 'active', 'date_closed', 'user_id', 'partner_id', 'x_pega_created_at', 'x_pega_updated_at']);
      const stages = new Map((await odoo.searchRead('crm.stage', [], ['name'])).map((stage) => [stage.id, String(stage.name)]));
      const rows = await pega.query<{ id: string; status: string; created: string; updated: string | null; resolved: string | null }>(
        `SELECT pyid AS id, pystatuswork AS status, ${odooDateTime('pxcreatedatetime')} AS created, ${odooDateTime('pxupdatedatetime')} AS updated,
                ${odooDateTime('pyresolvedtimestamp')} AS resolved FROM ${data('pc_acme_cs_work')}`,
      );
      const lost = new Set(['Resolved-Cancelled', 'Resolved-Withdrawn', 'Resolved-Duplicate']);
      expect(leads.size).toBe(rows.rows.length);
      for (const row of rows.rows) {
        const lead = leads.get(row.id)!;
        expect(lead.type, row.id).toBe('opportunity');
        expect(lead.x_pega_created_at, row.id).toBe(row.created);
        expect(lead.x_pega_updated_at, row.id).toBe(row.updated ?? false);
        expect(lead.active, row.id).toBe(!lost.has(row.status));
        // The date Pega resolved the case survives Odoo's own closing date.
        expect(lead.date_closed, row.id).toBe(row.resolved ?? false);
        if (row.status === 'Resolved-Completed') expect(stages.get(linkedId(lead.stage_id) as number), row.id).toBe('Won');
        expect(linkedId(lead.user_id), row.id).not.toBe(false);
      }
      expect(rows.rows.some((row) => row.status === 'Resolved-Completed')).toBe(true);
      expect(rows.rows.some((row) => lost.has(row.status))).toBe(true);
    });

    it('loads cases without missing customers', async () => {
      const leads = await byKey('crm.lead', 'x_pega_case_id', ['partner_id']);
      const contacts = await byKey('res.partner', 'x_pega_customer_id', []);
      const rows = await pega.query<{ id: string; customer: string | null; known: boolean }>(
        `SELECT w.pyid AS id, w.customerid AS customer, c.contactid IS NOT NULL AS known
           FROM ${data('pc_acme_cs_work')} w LEFT JOIN ${customerdata('contact')} c ON c.contactid = w.customerid`,
      );
      const missing = rows.rows.filter((row) => row.customer !== null && !row.known);
      expect(missing.length).toBeGreaterThan(0);
      for (const row of missing) expect(leads.get(row.id)!.partner_id, row.id).toBe(false);
      for (const row of rows.rows.filter((candidate) => candidate.known && contacts.has(candidate.customer!))) {
        expect(linkedId(leads.get(row.id)!.partner_id), row.id).toBe(contacts.get(row.customer!)!.id);
      }
    });
  });
}

describeStandardSpecs('small');

// Medium is 50,000 cases; its generation alone takes about 80 seconds.
if (process.env.PMAP_TEST_MEDIUM === '1') describeStandardSpecs('medium');

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { externalIdName } from '../../runtime/external-id.js';
import { OdooClient, type OdooRecord } from '../../runtime/odoo/odoo-client.js';
import { readOwnersFile } from '../../runtime/owners/owners-file.js';
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
      await pmap('verify', ['verify', project, '--all', '--sandbox']);

      sandbox = await startSandbox({ password: 'standard-specs', persistFile: join(project, '.pmap', 'sandbox', 'odoo.json') });
      odoo = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'standard-specs' });
      pega = new pg.Client({ connectionString: database.connectionString });
      await pega.connect();
    }, size === 'medium' ? 3_600_000 : 900_000);

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
    /** Pega operator id → the res.partner id of the Odoo user owners.yaml pairs it with (not the fallback). */
    const authorPartners = async (): Promise<Map<string, number>> => {
      const file = readOwnersFile(project);
      const users = await odoo.searchRead('res.users', [['active', 'in', [true, false]]], ['login', 'partner_id']);
      const partnerByLogin = new Map(users.map((user) => [String(user.login), linkedId(user.partner_id)]));
      const authors = new Map<string, number>();
      for (const [id, entry] of file.operators) {
        const login = entry.odooLogin ?? entry.matchedLogin;
        const partner = login === null ? undefined : partnerByLogin.get(login);
        if (typeof partner === 'number') authors.set(id, partner);
      }
      return authors;
    };
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
        CaseHistoryNote: 'data.pc_history_acme_cs_work',
        CaseAttachment: 'data.pc_data_workattach',
        OpenAssignment: 'data.pc_assign_worklist',
        InteractionCall: 'data.pc_acme_cs_interaction_work',
        InteractionMessage: 'data.pc_acme_cs_interaction_work',
        InteractionResponse: 'data.pr_data_ih_fact',
      };
      // Tables that mix the rows of several objects or case types; each object's where filter keeps its own.
      const mixed = new Set(['CaseHistoryNote', 'CaseAttachment', 'OpenAssignment', 'InteractionCall', 'InteractionMessage', 'InteractionResponse']);
      expect(report.phases.map((phase) => phase.object).sort()).toEqual(Object.keys(tables).sort());
      for (const phase of report.phases) {
        expect(phase.status, phase.object).toBe('succeeded');
        expect(phase.sourceRows, phase.object).toBe(generated.rowCounts[tables[phase.object]!]);
        const filtered = phase.filtered ?? 0;
        expect(filtered > 0, phase.object).toBe(mixed.has(phase.object));
        expect(filtered + phase.created + phase.updated + phase.unchanged + phase.rejected + phase.deduplicated, phase.object).toBe(phase.sourceRows);
        expect(phase.odooCount, phase.object).toBe(phase.sourceRows - filtered - phase.rejected - phase.deduplicated);
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

    /** Reads the records an object loaded for the given Pega keys, found through their external ids. */
    const byExternalId = async (prefix: string, model: string, keys: readonly string[], fields: string[]): Promise<Map<string, OdooRecord>> => {
      const keyByName = new Map(keys.map((key) => [externalIdName(prefix, [key]), key]));
      const links = await odoo.searchRead('ir.model.data', [['module', '=', 'pmap'], ['model', '=', model], ['name', 'in', [...keyByName.keys()]]], ['name', 'res_id']);
      const keyById = new Map(links.map((link) => [Number(link.res_id), keyByName.get(String(link.name))!]));
      const records = await odoo.read(model, [...keyById.keys()], fields);
      return new Map(records.map((record) => [keyById.get(record.id)!, record]));
    };
    const caseIdOf = (handle: string): string => handle.slice(handle.lastIndexOf(' ') + 1);
    const phaseOf = (object: string) => (JSON.parse(readFileSync(join(project, '.pmap', 'reports', 'last-apply.json'), 'utf8')) as ApplyReport).phases.find((phase) => phase.object === object)!;

    it('loads case history as notes', async () => {
      const leads = await byKey('crm.lead', 'x_pega_case_id', []);
      const rows = await pega.query<{ key: string; reference: string; created: string; memo: string | null; performer: string; objclass: string }>(
        `SELECT pzinskey AS key, pxhistoryforreference AS reference, ${odooDateTime('pxtimecreated')} AS created, pymemo AS memo, pyperformer AS performer,
                pxobjclass AS objclass FROM ${data('pc_history_acme_cs_work')}`,
      );
      const service = rows.rows.filter((row) => row.objclass.startsWith('History-ACME-CS-Work-Service-'));
      expect(service.length).toBeGreaterThan(0);
      expect(service.length).toBeLessThan(rows.rows.length);
      expect(phaseOf('CaseHistoryNote').filtered).toBe(rows.rows.length - service.length);

      // Every entry of a service case is one note on its opportunity.
      const notes = await odoo.searchRead('mail.message', [['model', '=', 'crm.lead']], ['res_id']);
      expect(notes.length).toBe(service.length);
      const expectedPerLead = new Map<number, number>();
      for (const row of service) {
        const leadId = leads.get(caseIdOf(row.reference))!.id;
        expectedPerLead.set(leadId, (expectedPerLead.get(leadId) ?? 0) + 1);
      }
      const perLead = new Map<number, number>();
      for (const note of notes) perLead.set(note.res_id as number, (perLead.get(note.res_id as number) ?? 0) + 1);
      expect(perLead).toEqual(expectedPerLead);

      // Entries with a memo keep their text, escaped for html, and their original time.
      const withMemo = service.filter((row) => row.memo !== null);
      const authors = await authorPartners();
      expect(withMemo.some((row) => authors.has(row.performer))).toBe(true);
      expect(withMemo.some((row) => row.memo!.includes('\r\n'))).toBe(true);
      const loaded = await byExternalId('case_history_note', 'mail.message', withMemo.map((row) => row.key), ['model', 'res_id', 'date', 'body', 'message_type', 'is_internal', 'author_id']);
      for (const row of withMemo) {
        const note = loaded.get(row.key)!;
        expect(note.model, row.key).toBe('crm.lead');
        expect(note.res_id, row.key).toBe(leads.get(caseIdOf(row.reference))!.id);
        expect(note.date, row.key).toBe(row.created);
        expect(note.message_type, row.key).toBe('comment');
        expect(note.is_internal, row.key).toBe(true);
        // The performer's user, as owners.yaml pairs them; one without a user leaves the note without an author.
        expect(linkedId(note.author_id), row.key).toBe(authors.get(row.performer) ?? false);
        expect(note.body, row.key).toContain(row.memo!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r\n/g, '<br>'));
        expect(note.body, row.key).toContain(`Performed by ${row.performer}`);
      }
    });

    it('loads attachments with intact content', async () => {
      const leads = await byKey('crm.lead', 'x_pega_case_id', []);
      const rows = await pega.query<{ key: string; reference: string; name: string; objclass: string; stream: string | null; note: string | null; url: string | null }>(
        `SELECT pzinskey AS key, pxrefobjectkey AS reference, pxattachname AS name, pxobjclass AS objclass, pyattachstream AS stream, pynote AS note, pyurl AS url
           FROM ${data('pc_data_workattach')} WHERE pxrefobjectkey LIKE 'ACME-CS-WORK %'`,
      );
      const loaded = await byExternalId('case_attachment', 'ir.attachment', rows.rows.map((row) => row.key), ['res_model', 'res_id', 'name', 'type', 'url', 'mimetype', 'checksum', 'file_size']);
      expect(loaded.size).toBe(rows.rows.length);
      const sha1 = (bytes: Buffer): string => createHash('sha1').update(bytes).digest('hex');

      for (const row of rows.rows) {
        const attachment = loaded.get(row.key)!;
        expect(attachment.res_model, row.key).toBe('crm.lead');
        expect(attachment.res_id, row.key).toBe(leads.get(caseIdOf(row.reference))!.id);
        switch (row.objclass) {
          case 'Data-WorkAttach-File': {
            const bytes = Buffer.from(row.stream!, 'base64');
            expect(attachment.type, row.key).toBe('binary');
            expect(attachment.name, row.key).toBe(row.name);
            expect(attachment.checksum, row.key).toBe(sha1(bytes));
            expect(attachment.file_size, row.key).toBe(bytes.length);
            break;
          }
          case 'Data-WorkAttach-Note':
            expect(attachment.name, row.key).toMatch(/\.txt$/);
            expect(attachment.mimetype, row.key).toBe('text/plain');
            expect(attachment.checksum, row.key).toBe(sha1(Buffer.from(row.note!, 'utf8')));
            break;
          default:
            expect(attachment.type, row.key).toBe('url');
            expect(attachment.url, row.key).toBe(row.url);
        }
      }

      // The correspondence Pega keeps zipped stays a ZIP archive, byte for byte.
      const zipped = loaded.get(generated.keys.zippedCorrespondenceKey!)!;
      expect(zipped.mimetype).toBe('application/zip');
      expect(zipped.name).toBe('Correspondence.htm.zip');
    });

    it('loads open assignments as activities', async () => {
      const leads = await byKey('crm.lead', 'x_pega_case_id', []);
      const types = new Map((await odoo.searchRead('mail.activity.type', [], ['name'])).map((type) => [type.id, String(type.name)]));
      const rows = await pega.query<{ key: string; caseid: string; objclass: string; task: string; deadline: string }>(
        `SELECT pzinskey AS key, pxrefobjectinsname AS caseid, pxrefobjectclass AS objclass, pxtaskname AS task, to_char(pxdeadlinetime, 'YYYY-MM-DD') AS deadline
           FROM ${data('pc_assign_worklist')}`,
      );
      const service = rows.rows.filter((row) => row.objclass.startsWith('ACME-CS-Work-Service-'));
      const loaded = await byExternalId('open_assignment', 'mail.activity', service.map((row) => row.key), ['res_model', 'res_id', 'date_deadline', 'user_id', 'activity_type_id']);
      const purged = service.filter((row) => !leads.has(row.caseid));
      expect(purged.length).toBeGreaterThan(0);
      expect(phaseOf('OpenAssignment').rejected).toBe(purged.length);

      for (const row of service) {
        const activity = loaded.get(row.key);
        if (!leads.has(row.caseid)) {
          expect(activity, row.key).toBeUndefined();
          continue;
        }
        expect(activity!.res_model, row.key).toBe('crm.lead');
        expect(activity!.res_id, row.key).toBe(leads.get(row.caseid)!.id);
        expect(activity!.date_deadline, row.key).toBe(row.deadline);
        expect(linkedId(activity!.user_id), row.key).not.toBe(false);
        expect(types.get(linkedId(activity!.activity_type_id) as number), row.key).toBe(row.task === 'ContactCustomer' ? 'Call' : 'To-Do');
      }
    });

    it('loads interactions as meetings and messages', async () => {
      const contacts = await byKey('res.partner', 'x_pega_customer_id', []);
      const leads = await byKey('crm.lead', 'x_pega_case_id', []);
      const authors = await authorPartners();
      const rows = await pega.query<{ id: string; status: string; channel: string; direction: string; operator: string; customer: string | null; created: string; resolved: string | null; lastcase: string | null }>(
        `SELECT pyid AS id, pystatuswork AS status, channel, direction, pxcreateoperator AS operator, customerid AS customer, ${odooDateTime('pxcreatedatetime')} AS created,
                ${odooDateTime('pyresolvedtimestamp')} AS resolved, lastservicecase AS lastcase FROM ${data('pc_acme_cs_interaction_work')}`,
      );
      const keys = rows.rows.map((row) => row.id);
      const events = await byExternalId('interaction_call', 'calendar.event', keys, ['start', 'stop', 'res_model', 'res_id', 'opportunity_id']);
      const messages = await byExternalId('interaction_message', 'mail.message', keys, ['date', 'model', 'res_id', 'message_type', 'author_id']);
      const calls = rows.rows.filter((row) => row.status === 'Resolved-Completed' && row.channel === 'Phone');
      const others = rows.rows.filter((row) => row.status === 'Resolved-Completed' && row.channel !== 'Phone');
      expect(calls.length).toBeGreaterThan(0);
      expect(others.some((row) => row.channel === 'Email')).toBe(true);
      expect(events.size + messages.size).toBeLessThan(rows.rows.length);

      for (const row of rows.rows.filter((candidate) => candidate.status !== 'Resolved-Completed')) {
        expect(events.has(row.id) || messages.has(row.id), row.id).toBe(false);
      }
      for (const row of calls.filter((candidate) => contacts.has(candidate.customer ?? ''))) {
        const event = events.get(row.id)!;
        expect(event.start, row.id).toBe(row.created);
        expect(event.stop, row.id).toBe(row.resolved);
        expect(event.res_model, row.id).toBe('res.partner');
        expect(event.res_id, row.id).toBe(contacts.get(row.customer!)!.id);
        expect(linkedId(event.opportunity_id), row.id).toBe(row.lastcase === null ? false : leads.get(caseIdOf(row.lastcase))!.id);
      }
      for (const row of others.filter((candidate) => contacts.has(candidate.customer ?? ''))) {
        const message = messages.get(row.id)!;
        expect(message.date, row.id).toBe(row.created);
        expect(message.model, row.id).toBe('res.partner');
        expect(message.res_id, row.id).toBe(contacts.get(row.customer!)!.id);
        expect(message.message_type, row.id).toBe(row.channel === 'Email' ? 'email' : 'comment');
        // The customer wrote an inbound e-mail; the operator's partner wrote the rest.
        const inbound = row.channel === 'Email' && row.direction === 'Inbound';
        expect(linkedId(message.author_id), row.id).toBe(inbound ? contacts.get(row.customer!)!.id : (authors.get(row.operator) ?? false));
      }
      expect(others.some((row) => row.channel === 'Email' && row.direction === 'Inbound')).toBe(true);
      expect(others.some((row) => row.channel !== 'Email' && authors.has(row.operator))).toBe(true);
    });

    it('loads Interaction History responses as notes', async () => {
      const contacts = await byKey('res.partner', 'x_pega_customer_id', []);
      const rows = await pega.query<{ id: string; subject: string; outcome: string; label: string | null; name: string; outcometime: string }>(
        `SELECT f.pxfactid::text AS id, f.pysubjectid AS subject, o.pyoutcome AS outcome, a.pylabel AS label, a.pyname AS name, ${odooDateTime('f.pxoutcometime')} AS outcometime
           FROM ${data('pr_data_ih_fact')} f JOIN ${data('pr_data_ih_dim_outcome')} o ON o.pzid = f.pzoutcomeid
           LEFT JOIN ${data('pr_data_ih_dim_action')} a ON a.pzid = f.pzactionid`,
      );
      const responses = rows.rows.filter((row) => row.outcome !== 'Impression');
      const impressions = rows.rows.filter((row) => row.outcome === 'Impression');
      expect(impressions.length).toBeGreaterThan(0);
      expect(phaseOf('InteractionResponse').filtered).toBe(impressions.length);

      const notes = await byExternalId('interaction_response', 'mail.message', rows.rows.map((row) => row.id), ['date', 'model', 'res_id', 'subject']);
      expect(notes.size).toBe(responses.length);
      for (const row of responses) {
        const note = notes.get(row.id)!;
        expect(note.date, row.id).toBe(row.outcometime);
        expect(note.model, row.id).toBe('res.partner');
        // A customer-level row has no offer label, so the action's name stands in.
        expect(String(note.subject), row.id).toBe(`${row.outcome}: ${row.label || row.name}`);
        if (contacts.has(row.subject)) expect(note.res_id, row.id).toBe(contacts.get(row.subject)!.id);
      }
    });
  });
}

describeStandardSpecs('small');

// Medium is 50,000 cases and 1.4 million source rows: about 80 seconds to
// generate and a quarter of an hour in all. The checks load the whole
// sandbox into the test process, which needs more than Node's default heap:
//   NODE_OPTIONS=--max-old-space-size=10240 PMAP_TEST_MEDIUM=1 npx vitest run test/e2e/standard-specs-postgres.test.ts -t medium
if (process.env.PMAP_TEST_MEDIUM === '1') describeStandardSpecs('medium');

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalIdPrefix } from '../../compiler/compile.js';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { externalIdName } from '../../runtime/external-id.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import type { PegaColumnType } from '../../runtime/schema-types.js';
import type { SourceRecord } from '../../runtime/sources/source.js';
import { startSandbox } from '../../sandbox/server.js';
import { renderBixCsv } from '../fixtures/bix-csv-writer.js';
import { runPmap, type PmapResult } from '../support/run-pmap.js';

/** A real Interaction History export: 100 rows of Pega's CDH sample application, one JSON object per line. */
const samplePath = fileURLToPath(new URL('../../../shared/samples/pega/pega-datascientist-tools/pxInteractionHistory_sample100.ndjson', import.meta.url));
const table = 'data.pxinteractionhistory';

/** The sample's properties that the specs read, with their Pega types. */
const columns: Readonly<Record<string, PegaColumnType>> = {
  pxFactID: 'text',
  pySubjectID: 'text',
  pySubjectType: 'text',
  pxOutcomeTime: 'datetime',
  pyOutcome: 'text',
  pyChannel: 'text',
  pyDirection: 'text',
  pyIssue: 'text',
  pyGroup: 'text',
  pyName: 'text',
  pyLabel: 'text',
  pyTreatment: 'text',
};

const specs = `# The customers the export names, so that their responses have a contact to go to.
object IHCustomer
  from pega table ${table} key pySubjectID
  to odoo res.partner

  name = pySubjectID
  ref  = pySubjectID

# Each customer response becomes a note in the customer's chatter, dated when the customer responded.
object IHResponse
  from pega table ${table} key pxFactID
  to odoo mail.message

  where pyOutcome is not null and pyOutcome != "Impression"

  model        = "res.partner"
  res_id       = record_id(IHCustomer, pySubjectID)
  message_type = "comment"
  is_internal  = true
  date         = pxOutcomeTime
  author_id    = null
  subject      = join(": ", pyOutcome, coalesce(trim(pyLabel), pyName))
  body         = html(join("\\n", join(" ", "Offer:", pyLabel, pyIssue, pyGroup), join(" ", "Channel:", pyChannel, pyDirection, pyTreatment)))
`;

/** Reads the NDJSON export into records in Pega's text form: every value as text, an empty string as absent. */
function readSample(): SourceRecord[] {
  return readFileSync(samplePath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return Object.fromEntries(Object.keys(columns).map((property) => {
        const value = row[property];
        return [property, value === undefined || value === null || value === '' ? null : String(value)];
      }));
    });
}

/**
 * Migrates the Interaction History export sample as a user would: the
 * export converted to a BIX CSV extract, a project with a hand-written
 * schema of that extract, and pmap's discover, check, apply and verify
 * against the sandbox.
 */
describe('the Interaction History export sample', () => {
  let workspace: string;
  let project: string;
  let rows: SourceRecord[];
  const results: Record<string, PmapResult> = {};

  beforeAll(async () => {
    rows = readSample();
    workspace = mkdtempSync(join(tmpdir(), 'pmap-ih-sample-'));
    project = join(workspace, 'ih');
    mkdirSync(join(project, 'extract'), { recursive: true });
    mkdirSync(join(project, 'specs'));
    mkdirSync(join(project, 'schemas'));
    mkdirSync(join(project, '.pmap', 'sandbox'), { recursive: true });

    writeFileSync(join(project, 'extract', `${table}.csv`), renderBixCsv(Object.keys(columns), rows));
    writeFileSync(join(project, 'pmap.yaml'), 'name: ih-sample\nsource:\n  kind: bix\n  path: extract\n  format: csv\ntarget:\n  url: http://127.0.0.1:8069\n  database: odoo\n  login: admin\n  password_env: PMAP_ODOO_PASSWORD\n');
    writeFileSync(join(project, 'specs', 'interaction-history.pmap'), specs);
    const pegaColumns = Object.fromEntries(Object.entries(columns).map(([property, type]) => [property, { column: property.toLowerCase(), type, nullable: property !== 'pxFactID' }]));
    writeFileSync(join(project, 'schemas', 'pega.json'), JSON.stringify({ pegaSchema: 1, tables: { [table]: { className: 'Data-pxStrategyResult', columns: pegaColumns } } }, null, 2));

    for (const [step, args] of [
      ['discover odoo', ['discover', 'odoo', project, '--sandbox']],
      ['check', ['check', project]],
      ['apply', ['apply', project, '--sandbox']],
      ['verify', ['verify', project, '--sandbox']],
    ] as const) {
      results[step] = await runPmap([...args]);
    }
  }, 300_000);

  afterAll(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('runs every step without an error', () => {
    expect(rows.length).toBe(101);
    for (const [step, result] of Object.entries(results)) expect(result.code, `${step}: ${result.stdout}${result.stderr}`).toBe(0);
    expect(results.verify!.stdout).toContain('Every checked record matches what the specs compute from the source.');
  });

  it('loads every response as a dated note on its customer', async () => {
    const report = JSON.parse(readFileSync(join(project, '.pmap', 'reports', 'last-apply.json'), 'utf8')) as ApplyReport;
    const responses = rows.filter((row) => row.pyOutcome !== null && row.pyOutcome !== 'Impression');
    const phase = report.phases.find((candidate) => candidate.object === 'IHResponse')!;
    expect(phase.created).toBe(responses.length);
    expect(phase.filtered ?? 0).toBe(rows.length - responses.length);

    const sandbox = await startSandbox({ password: 'ih', persistFile: join(project, '.pmap', 'sandbox', 'odoo.json') });
    try {
      const odoo = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'ih' });
      const customers = new Map((await odoo.searchRead('res.partner', [['ref', '!=', false]], ['ref'])).map((partner) => [String(partner.ref), partner.id]));
      const links = await odoo.searchRead('ir.model.data', [['module', '=', 'pmap'], ['model', '=', 'mail.message']], ['name', 'res_id']);
      const messageIds = new Map(links.map((link) => [String(link.name), Number(link.res_id)]));
      const messages = new Map((await odoo.read('mail.message', [...messageIds.values()], ['date', 'model', 'res_id', 'subject'])).map((message) => [message.id, message]));

      for (const row of responses) {
        const message = messages.get(messageIds.get(externalIdName(externalIdPrefix('IHResponse'), [row.pxFactID!]))!)!;
        // Pega writes 20210127T132203.201 GMT; Odoo keeps whole seconds in UTC.
        const time = row.pxOutcomeTime!;
        expect(message.date, row.pxFactID!).toBe(`${time.slice(0, 4)}-${time.slice(4, 6)}-${time.slice(6, 8)} ${time.slice(9, 11)}:${time.slice(11, 13)}:${time.slice(13, 15)}`);
        expect(message.model, row.pxFactID!).toBe('res.partner');
        expect(message.res_id, row.pxFactID!).toBe(customers.get(row.pySubjectID!));
        // A customer-level row (Churned, Loyal) names no offer, so its subject is the outcome alone.
        const offer = row.pyLabel ?? row.pyName;
        expect(message.subject, row.pxFactID!).toBe(offer === null ? row.pyOutcome : `${row.pyOutcome}: ${offer}`);
      }
    } finally {
      await sandbox.close();
    }
  });
});

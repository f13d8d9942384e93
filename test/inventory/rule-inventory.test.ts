import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runDiscoverPega } from '../../cli/commands/discover-pega.js';
import { UserError } from '../../cli/user-error.js';
import { buildInventory } from '../../runtime/inventory/build-inventory.js';
import { readExportArchive } from '../../runtime/inventory/export-archive.js';
import { readInventory } from '../../runtime/inventory/inventory-files.js';
import { INVENTORY_FILES, type RuleInventory } from '../../runtime/inventory/inventory-types.js';
import { readRuleTables } from '../../runtime/inventory/rule-tables.js';
import { writeApplicationArchive } from '../fixtures/pega-db/application-archive.js';
import { generatePegaDatabase, type GeneratedPegaDatabase } from '../fixtures/pega-db/generate-pega-db.js';
import { createTestDatabase, releaseTestDatabases, type TestDatabase } from '../support/postgres.js';
import { runPmap } from '../support/run-pmap.js';

const temporaryFolders: string[] = [];

let db: TestDatabase;
let generated: GeneratedPegaDatabase;
let schemas: string[];
let archive: string;

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pmap-inventory-'));
  temporaryFolders.push(folder);
  return folder;
}

beforeAll(async () => {
  db = await createTestDatabase('pega inventory');
  generated = await generatePegaDatabase({ connectionString: db.connectionString, size: 'small', schemaPrefix: db.schemaPrefix });
  schemas = Object.entries(generated.schemaNames).map(([name, schema]) => `${name}=${schema}`);
  archive = writeApplicationArchive(join(temporaryFolder(), 'ACMECS_01.02.01.zip'));
});

afterAll(async () => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
  await db?.drop();
  await releaseTestDatabases();
});

const rulesSchema = () => generated.schemaNames.rules;

async function discoverInto(options: { inventoryFrom?: string } = {}): Promise<string> {
  const folder = temporaryFolder();
  expect(await runDiscoverPega(folder, { connectionString: db.connectionString, schemas, ...options })).toBe(0);
  return folder;
}

describe('rule tables', () => {
  it('lists every rule of the inventory classes with its versions', async () => {
    const rows = await readRuleTables(db.connectionString, [{ schema: rulesSchema(), table: 'pr4_rule' }, { schema: rulesSchema(), table: 'pr4_rule_flow' }]);
    const counts = Object.fromEntries([...new Set(rows.map((row) => row.ruleClass))].map((ruleClass) => [ruleClass, rows.filter((row) => row.ruleClass === ruleClass).length]));
    expect(counts).toEqual({
      'Rule-Obj-CaseType': 3,
      'Rule-Obj-ServiceLevel': 4,
      'Rule-Decision-Strategy': 2,
      'Rule-Obj-Report-Definition': 3,
      // 8 flows, 3 of them in a second version.
      'Rule-Obj-Flow': 11,
    });
    expect(rows.find((row) => row.name === 'ReviewFlow')).toMatchObject({ className: 'ACME-CS-Work-Service', label: 'Review request', ruleSet: 'ACMECS', ruleSetVersion: '01-01-01' });
  });
});

describe('inventory from the rule tables and the export', () => {
  let inventory: RuleInventory;
  let folder: string;

  beforeAll(async () => {
    folder = await discoverInto({ inventoryFrom: archive });
    inventory = readInventory(join(folder, 'inventory'))!;
  });

  it('writes every file with exact counts', () => {
    expect(inventory.caseTypes).toHaveLength(3);
    expect(inventory.serviceLevels).toHaveLength(4);
    expect(inventory.decisionStrategies).toHaveLength(2);
    expect(inventory.flows).toHaveLength(8);
    expect(inventory.reports).toHaveLength(3);
  });

  it('reads case type stages and steps', () => {
    const complaint = inventory.caseTypes.find((caseType) => caseType.className === 'ACME-CS-Work-Service-Complaint')!;
    expect(complaint.origin).toBe('application-export');
    expect(complaint.sla).toBe('ComplaintSLA');
    expect(complaint.stages.map((stage) => `${stage.id} ${stage.name} ${stage.kind}`)).toEqual(['PRIM0 Intake primary', 'PRIM1 Review primary', 'PRIM2 Resolution primary', 'ALT1 Withdrawn alternate']);
    expect(complaint.stages[1]!.steps).toEqual([
      { label: 'Review request', flow: 'ReviewFlow', start: 'sequential', sla: 'ReviewSLA' },
      { label: 'Approve goodwill payment', flow: 'ApprovalFlow', start: 'sequential', startWhen: 'RefundAmount > 500' },
    ]);
    expect(complaint.stages[2]).toMatchObject({ terminal: true, transition: 'resolution', workStatus: 'Resolved-Completed' });
  });

  it('reads SLA intervals and escalations', () => {
    const sla = inventory.serviceLevels.find((entry) => entry.name === 'ComplaintSLA')!;
    expect(sla).toMatchObject({ calculateFrom: 'property', timeProperty: '.pxCreateDateTime', initialUrgency: 10, maxLateEvents: 3 });
    expect(sla.goal).toEqual({ days: 3, businessDays: true });
    expect(sla.deadline).toEqual({ days: 5, businessDays: true });
    expect(sla.escalations.map((escalation) => `${escalation.event} ${escalation.action}`)).toEqual(['goal NotifyAssignee', 'deadline NotifyManager', 'late Transfer', 'late NotifyParty']);
    expect(inventory.serviceLevels.find((entry) => entry.name === 'EscalationSLA')!.late).toEqual({ hours: 2, minutes: 30 });
  });

  it('reads strategy context and weights', () => {
    const strategy = inventory.decisionStrategies.find((entry) => entry.name === 'RetentionOffers')!;
    expect(strategy.context).toEqual({ caseType: 'ACME-CS-Work-Service-Complaint', channel: 'Web', segment: 'HighValue' });
    expect(strategy.components.filter((component) => component.weight !== undefined).map((component) => [component.rule, component.weight])).toEqual([['RouteByCategory', 0.5], ['ChurnRisk', 0.3], ['OfferPropensity', 0.2]]);
  });

  it('keeps the newest flow version', () => {
    const create = inventory.flows.find((flow) => flow.name === 'CreateFlow')!;
    expect(create.ruleSetVersion).toBe('01-02-01');
    expect(create.shapes.map((shape) => shape.type)).toEqual(['start', 'assignment', 'utility', 'end']);
    const review = inventory.flows.find((flow) => flow.name === 'ReviewFlow')!;
    expect(review.connectors.find((connector) => connector.condition !== undefined)).toEqual({ from: 'DECISION1', to: 'SUBPROCESS1', label: 'Large amount', condition: 'RefundAmount > 500', likelihood: 30 });
  });

  it('marks a flow missing from the export', () => {
    const wrapUp = inventory.flows.find((flow) => flow.name === 'WrapUpFlow')!;
    expect(wrapUp).toEqual({ name: 'WrapUpFlow', className: 'ACME-CS-Work-Interaction', label: 'Wrap up', ruleSet: 'ACMECS', ruleSetVersion: '01-01-01', origin: 'rules-table', shapes: [], connectors: [] });
  });

  it('reads report sources, filters and groupings', () => {
    const report = inventory.reports.find((entry) => entry.name === 'ComplaintsByCategory')!;
    expect(report.dataSources).toEqual([{ className: 'ACME-CS-Work-Service-Complaint', join: 'primary' }, { className: 'PegaData-Contact', join: 'left', prefix: 'Customer' }]);
    expect(report.groupings).toEqual(['.Category', 'Customer.CountryCode']);
    expect(report.filters).toHaveLength(2);
    expect(report.filterLogic).toBe('A AND B');
    expect(report.chartType).toBe('Pie');
    expect(inventory.reports.find((entry) => entry.name === 'AgentWorkload')!.groupings).toEqual([]);
  });

  it('sorts each list by class and name', () => {
    for (const list of Object.values(inventory)) {
      const keys = list.map((entry: { className: string; name: string }) => `${entry.className} ${entry.name}`);
      expect(keys).toEqual([...keys].sort());
    }
  });

  it('writes byte-identical files on re-discovery', async () => {
    const again = await discoverInto({ inventoryFrom: archive });
    for (const { file } of INVENTORY_FILES) {
      expect(readFileSync(join(again, 'inventory', file), 'utf8'), file).toBe(readFileSync(join(folder, 'inventory', file), 'utf8'));
    }
  });
});

describe('inventory from the rule tables alone', () => {
  it('lists names without details', async () => {
    const folder = await discoverInto();
    const inventory = readInventory(join(folder, 'inventory'))!;
    expect(inventory.caseTypes).toHaveLength(3);
    expect(inventory.flows).toHaveLength(8);
    expect(inventory.reports).toHaveLength(3);
    expect(Object.values(inventory).flat().every((entry: { origin: string }) => entry.origin === 'rules-table')).toBe(true);
    expect(inventory.caseTypes[0]!.stages).toEqual([]);
  });

  it('gives the same entries as a pure build', async () => {
    const rows = await readRuleTables(db.connectionString, [{ schema: rulesSchema(), table: 'pr4_rule' }, { schema: rulesSchema(), table: 'pr4_rule_flow' }]);
    const built = buildInventory(rows, readExportArchive(archive, 'export.zip'));
    expect(built.notes).toEqual(['1 rule is in the rule tables but not in the export, so only its name is known: Rule-Obj-Flow ACME-CS-Work-Interaction WrapUpFlow.']);
  });
});

describe('pmap discover pega --inventory-from', () => {
  it('writes the inventory from the command line', async () => {
    const folder = temporaryFolder();
    writeFileSync(join(folder, 'pmap.yaml'), 'source:\n  kind: postgres\n  url_env: PMAP_TEST_PEGA_URL\ntarget:\n  url: http://127.0.0.1:8069\n  database: d\n  login: admin\n');
    const result = await runPmap(['discover', 'pega', folder, ...schemas.flatMap((entry) => ['--schema', entry]), '--inventory-from', archive], { env: { PMAP_TEST_PEGA_URL: db.connectionString } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 in case-types.yaml, 4 in sla.yaml, 2 in decision-strategies.yaml, 8 in flows.yaml, 3 in reports.yaml');
    expect(readInventory(join(folder, 'inventory'))!.flows.find((flow) => flow.name === 'ApprovalFlow')!.sla).toBe('RefundApprovalSLA');
  });

  it('is rejected for discover odoo', async () => {
    const result = await runPmap(['discover', 'odoo', temporaryFolder(), '--inventory-from', archive]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--inventory-from belongs to pmap discover pega');
  });
});

describe('--inventory-from problems', () => {
  it('rejects a missing archive before reading the database', async () => {
    const error = await runDiscoverPega(temporaryFolder(), { connectionString: 'postgres://nobody@127.0.0.1:1/none', schemas, inventoryFrom: join(temporaryFolder(), 'missing.zip') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/--inventory-from .*missing\.zip not found; pass the \.zip file/);
  });

  it('rejects a file that is not a ZIP archive', async () => {
    const path = join(temporaryFolder(), 'export.zip');
    writeFileSync(path, 'this is not a zip archive, only text');
    const error = await runDiscoverPega(temporaryFolder(), { connectionString: db.connectionString, schemas, inventoryFrom: path }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(`${path} is not a ZIP archive (no end of central directory record)`);
  });

  it('rejects a damaged entry with its name', () => {
    const bytes = readFileSync(archive);
    // Flips a byte inside the first deflated entry's data, after the 30-byte local header and the control file.
    const damaged = Buffer.from(bytes);
    const marker = damaged.indexOf('RULE-ADMIN-PRODUCT');
    damaged[marker + 80] = damaged[marker + 80]! ^ 0xff;
    const path = join(temporaryFolder(), 'damaged.zip');
    writeFileSync(path, damaged);
    expect(() => readExportArchive(path, 'damaged.zip')).toThrow(/damaged\.zip: entry RULE-ADMIN-PRODUCT .* (fails its CRC check|cannot be inflated)/);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildInventory } from '../../runtime/inventory/build-inventory.js';
import { exportedRules } from '../../runtime/inventory/export-archive.js';
import { InventoryError } from '../../runtime/inventory/inventory-error.js';
import { parseInventoryFile, readInventory, writeInventory } from '../../runtime/inventory/inventory-files.js';
import { readZipArchive } from '../../runtime/inventory/zip-archive.js';
import { buildApplicationArchive } from '../fixtures/pega-db/application-archive.js';
import { zipArchive } from '../fixtures/pega-db/stored-zip.js';

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'pmap-inventory-files-'));
  const built = buildInventory([], exportedRules(readZipArchive(buildApplicationArchive(), 'export.zip'), 'export.zip'));
  writeInventory(join(folder, 'inventory'), built.inventory);
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function problemOf(file: string, text: string, kind: Parameters<typeof parseInventoryFile>[2]): string {
  try {
    parseInventoryFile(file, text, kind);
  } catch (error) {
    expect(error).toBeInstanceOf(InventoryError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('inventory files', () => {
  it('round-trips through YAML', () => {
    const inventory = readInventory(join(folder, 'inventory'))!;
    const again = mkdtempSync(join(tmpdir(), 'pmap-inventory-files-'));
    try {
      writeInventory(again, inventory);
      expect(readFileSync(join(again, 'flows.yaml'), 'utf8')).toBe(readFileSync(join(folder, 'inventory', 'flows.yaml'), 'utf8'));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('starts each file with a comment', () => {
    expect(readFileSync(join(folder, 'inventory', 'sla.yaml'), 'utf8')).toMatch(/^# Rule inventory written by `pmap discover pega`/);
  });

  it('returns undefined without a folder', () => {
    expect(readInventory(join(folder, 'missing'))).toBeUndefined();
  });
});

describe('hand-edited inventory errors', () => {
  const flows = () => readFileSync(join(folder, 'inventory', 'flows.yaml'), 'utf8');

  it('reports invalid YAML with its line', () => {
    const text = flows().replace('  - name: ApprovalFlow', '  - name: ApprovalFlow\n   bad: [unclosed');
    const message = problemOf('inventory/flows.yaml', text, 'flows');
    expect(message).toMatch(/^inventory\/flows\.yaml:\d+:\d+: invalid YAML: /);
    expect(message).toContain('run `pmap discover pega` again');
  });

  it('reports an unknown key with line and path', () => {
    const text = flows().replace('        type: assignment\n', '        type: assignment\n        routeTO: Somewhere\n');
    const lines = text.split('\n');
    const line = lines.findIndex((candidate) => candidate.includes('routeTO')) + 1;
    expect(problemOf('inventory/flows.yaml', text, 'flows')).toContain(`inventory/flows.yaml:${line}: flows.0.shapes.1 has an unknown key \`routeTO\``);
  });

  it('reports a value outside an enum', () => {
    const text = flows().replace('        type: decision\n', '        type: branch\n');
    expect(problemOf('inventory/flows.yaml', text, 'flows')).toMatch(/inventory\/flows\.yaml:\d+: flows\.\d+\.shapes\.2\.type must be one of: start, assignment, decision, subprocess, utility, wait, end, other/);
  });

  it('reports a missing key', () => {
    const text = readFileSync(join(folder, 'inventory', 'case-types.yaml'), 'utf8').replace('            flow: CreateFlow\n', '');
    expect(problemOf('inventory/case-types.yaml', text, 'caseTypes')).toMatch(/inventory\/case-types\.yaml:\d+: caseTypes\.0\.stages\.0\.steps\.0 is missing the key `flow`/);
  });

  it('reports a wrong type', () => {
    const text = readFileSync(join(folder, 'inventory', 'sla.yaml'), 'utf8').replace('initialUrgency: 10', 'initialUrgency: high');
    expect(problemOf('inventory/sla.yaml', text, 'serviceLevels')).toMatch(/inventory\/sla\.yaml:\d+: serviceLevels\.\d+\.initialUrgency must be integer/);
  });

  it('reports a wrong file version', () => {
    expect(problemOf('inventory/reports.yaml', 'pmapInventory: 2\nreports: []\n', 'reports')).toContain('inventory/reports.yaml:1: pmapInventory must be 1');
  });

  it('names the folder through readInventory', () => {
    const broken = mkdtempSync(join(tmpdir(), 'pmap-inventory-files-'));
    try {
      writeFileSync(join(broken, 'reports.yaml'), 'pmapInventory: 1\nreports:\n  - name: X\n');
      expect(() => readInventory(broken, 'inventory')).toThrow(/inventory\/reports\.yaml:3: reports\.0 is missing the key `className`/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe('export archive problems', () => {
  it('rejects malformed rule XML with the entry name', () => {
    const archive = zipArchive([{ name: 'RULE-OBJ-FLOW X.xml', content: Buffer.from('<pagedata><pxObjClass>Rule-Obj-Flow</pxObjClass>'), method: 'deflated' }]);
    expect(() => exportedRules(readZipArchive(archive, 'bad.zip'), 'bad.zip')).toThrow(/bad\.zip!RULE-OBJ-FLOW X\.xml is not well-formed XML/);
  });

  it('rejects a DOCTYPE', () => {
    const archive = zipArchive([{ name: 'a.xml', content: Buffer.from('<!DOCTYPE x [<!ENTITY e "e">]><pagedata/>') }]);
    expect(() => exportedRules(readZipArchive(archive, 'bad.zip'), 'bad.zip')).toThrow(/contains a DOCTYPE declaration/);
  });

  it('rejects a rule without its class name', () => {
    const archive = zipArchive([{ name: 'a.xml', content: Buffer.from('<pagedata><pxObjClass>Rule-Obj-Flow</pxObjClass><pyFlowName>F</pyFlowName></pagedata>') }]);
    const rules = exportedRules(readZipArchive(archive, 'bad.zip'), 'bad.zip');
    expect(() => buildInventory([], rules)).toThrow(/bad\.zip!a\.xml:1: the Rule-Obj-Flow instance has no pyClassName/);
  });

  it('rejects a non-numeric number', () => {
    const xml = '<pagedata><pxObjClass>Rule-Obj-ServiceLevel</pxObjClass><pyClassName>C</pyClassName><pyServiceLevelName>S</pyServiceLevelName>\n<pyGoalDefaultDays>three</pyGoalDefaultDays></pagedata>';
    const rules = exportedRules(readZipArchive(zipArchive([{ name: 's.xml', content: Buffer.from(xml) }]), 'bad.zip'), 'bad.zip');
    expect(() => buildInventory([], rules)).toThrow(/pyGoalDefaultDays is "three", not a number/);
  });

  it('skips control files and other rule types', () => {
    const rules = exportedRules(readZipArchive(buildApplicationArchive(), 'export.zip'), 'export.zip');
    expect(rules).toHaveLength(20);
    expect(rules.some((rule) => (rule.ruleClass as string) === 'Rule-Obj-When')).toBe(false);
  });
});

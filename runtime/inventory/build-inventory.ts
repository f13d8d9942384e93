/**
 * Builds the rule inventory from the rule tables' key columns and the
 * application export. Of each rule (rule class, applies-to class and name)
 * the newest version counts. Its details come from the export when the
 * export contains the rule, otherwise only its key columns are known.
 * Lists are sorted by class and name, so an unchanged Pega gives
 * byte-identical files.
 */

import { caseTypeOf } from './case-type-rules.js';
import type { ExportedRule } from './export-archive.js';
import { flowOf } from './flow-rules.js';
import type { CaseType, DecisionStrategy, Flow, Report, RuleIdentity, RuleInventory, ServiceLevel } from './inventory-types.js';
import { reportOf } from './report-rules.js';
import { identityOf, withoutUndefined, type InventoryRuleClass } from './rule-identity.js';
import type { RuleTableRow } from './rule-tables.js';
import { compareRuleVersions, newest } from './rule-versions.js';
import { serviceLevelOf } from './service-level-rules.js';
import { decisionStrategyOf } from './strategy-rules.js';

export interface BuiltInventory {
  readonly inventory: RuleInventory;
  /** Sentences about gaps between the rule tables and the export, for the user. */
  readonly notes: readonly string[];
}

interface Candidates {
  readonly ruleClass: InventoryRuleClass;
  readonly exported: Array<ExportedRule & { ruleSetVersion?: string }>;
  readonly tableRows: RuleTableRow[];
}

const KIND_OF: Readonly<Record<InventoryRuleClass, keyof RuleInventory>> = {
  'Rule-Obj-CaseType': 'caseTypes',
  'Rule-Obj-ServiceLevel': 'serviceLevels',
  'Rule-Decision-Strategy': 'decisionStrategies',
  'Rule-Obj-Flow': 'flows',
  'Rule-Obj-Report-Definition': 'reports',
};

/** Pega matches rule keys without regard to case. */
function ruleKey(ruleClass: string, className: string, name: string): string {
  return [ruleClass, className, name].join(' ').toUpperCase();
}

function fromExport(rule: ExportedRule): RuleIdentity {
  switch (rule.ruleClass) {
    case 'Rule-Obj-CaseType': return caseTypeOf(rule.page);
    case 'Rule-Obj-ServiceLevel': return serviceLevelOf(rule.page);
    case 'Rule-Decision-Strategy': return decisionStrategyOf(rule.page);
    case 'Rule-Obj-Flow': return flowOf(rule.page);
    case 'Rule-Obj-Report-Definition': return reportOf(rule.page);
  }
}

/** Builds the entry of a rule whose body is not in the export: its key columns and empty lists. */
function fromTable(row: RuleTableRow): CaseType | ServiceLevel | DecisionStrategy | Flow | Report {
  const identity = withoutUndefined({ name: row.name, className: row.className, label: row.label, ruleSet: row.ruleSet, ruleSetVersion: row.ruleSetVersion, origin: 'rules-table' as const });
  switch (row.ruleClass) {
    case 'Rule-Obj-CaseType': return { ...identity, stages: [] } satisfies CaseType;
    case 'Rule-Obj-ServiceLevel': return { ...identity, escalations: [] } satisfies ServiceLevel;
    case 'Rule-Decision-Strategy': return { ...identity, context: {}, components: [] } satisfies DecisionStrategy;
    case 'Rule-Obj-Flow': return { ...identity, shapes: [], connectors: [] } satisfies Flow;
    case 'Rule-Obj-Report-Definition': return { ...identity, dataSources: [{ className: row.className, join: 'primary' }], columns: [], filters: [], groupings: [] } satisfies Report;
  }
}

/** Orders by code unit, not by locale, so the order is the same on every machine. */
function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareEntries(left: RuleIdentity, right: RuleIdentity): number {
  return compareText(left.className, right.className) || compareText(left.name, right.name);
}

export function buildInventory(tableRows: readonly RuleTableRow[], exported: readonly ExportedRule[]): BuiltInventory {
  const byKey = new Map<string, Candidates>();
  const candidatesOf = (ruleClass: InventoryRuleClass, className: string, name: string): Candidates => {
    const key = ruleKey(ruleClass, className, name);
    let candidates = byKey.get(key);
    if (candidates === undefined) {
      candidates = { ruleClass, exported: [], tableRows: [] };
      byKey.set(key, candidates);
    }
    return candidates;
  };
  for (const row of tableRows) candidatesOf(row.ruleClass, row.className, row.name).tableRows.push(row);
  for (const rule of exported) {
    const identity = identityOf(rule.page, rule.ruleClass);
    candidatesOf(rule.ruleClass, identity.className, identity.name).exported.push({ ...rule, ...(identity.ruleSetVersion ? { ruleSetVersion: identity.ruleSetVersion } : {}) });
  }

  const lists: Record<keyof RuleInventory, RuleIdentity[]> = { caseTypes: [], serviceLevels: [], decisionStrategies: [], flows: [], reports: [] };
  const notes: string[] = [];
  const missing: string[] = [];
  for (const candidates of byKey.values()) {
    const inExport = newest(candidates.exported);
    const inTables = newest(candidates.tableRows);
    if (inExport !== undefined) {
      const entry = fromExport(inExport);
      lists[KIND_OF[candidates.ruleClass]].push(entry);
      if (inTables !== undefined && compareRuleVersions(inTables, inExport) > 0) {
        notes.push(`${candidates.ruleClass} ${entry.className} ${entry.name}: the export holds version ${inExport.ruleSetVersion ?? '(none)'}, the database ${inTables.ruleSetVersion ?? '(none)'}; export the application again to document the newer one.`);
      }
    } else if (inTables !== undefined) {
      lists[KIND_OF[candidates.ruleClass]].push(fromTable(inTables));
      missing.push(`${candidates.ruleClass} ${inTables.className} ${inTables.name}`);
    }
  }
  // Without an export every rule lacks its body, and the caller says so once.
  if (missing.length > 0 && exported.length > 0) {
    const subject = missing.length === 1 ? '1 rule is' : `${missing.length} rules are`;
    const known = missing.length === 1 ? 'its name is' : 'their names are';
    notes.push(`${subject} in the rule tables but not in the export, so only ${known} known: ${missing.sort().join(', ')}.`);
  }

  for (const list of Object.values(lists)) list.sort(compareEntries);
  return { inventory: lists as unknown as RuleInventory, notes };
}

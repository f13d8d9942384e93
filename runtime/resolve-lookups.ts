import type { Plan, PlanExpression } from '../compiler/plan-types.js';
import { evaluateExpression, isPendingReference, type EvaluationContext } from './evaluate-expression.js';
import type { OdooClient } from './odoo/odoo-client.js';
import { findExpressions } from './plan-walk.js';
import { RecordRejected } from './reject.js';
import { ReferenceDataError } from './resolve-value-map-targets.js';
import type { SourceConnector } from './sources/source.js';
import { readPhaseRecords } from './read-phase-records.js';

type Lookup = Extract<PlanExpression, { op: 'lookup' }>;

/** Resolved lookups: `model\0field` → source value → Odoo id. */
export type ResolvedLookups = ReadonlyMap<string, ReadonlyMap<string, number>>;

export function lookupKey(model: string, field: string): string {
  return `${model}\u0000${field}`;
}

const isLookup = (node: PlanExpression): node is Lookup => node.op === 'lookup';

/**
 * Reads the tables of the phases that use `lookup`, collects every value
 * they look up, and resolves each to exactly one Odoo record. A value that
 * matches no record or several stops the run before any record moves, naming
 * the objects and records that need it. Linking to a guess would be a silent
 * error, and a missing reference record usually means a missing cleansing rule.
 */
export async function resolveLookups(plan: Plan, source: SourceConnector, client: OdooClient, context: EvaluationContext): Promise<ResolvedLookups> {
  const wanted = new Map<string, { model: string; field: string; values: Map<string, string[]>; usedIn: Set<string> }>();

  for (const phase of plan.phases) {
    const lookups = phase.fields.flatMap((field) => findExpressions(field.expression, isLookup).map((lookup) => ({ lookup, usedIn: `${phase.specFile} (${phase.object}.${field.field})` })));
    if (lookups.length === 0) continue;
    for await (const record of readPhaseRecords(phase, source, context)) {
      const recordKey = phase.source.key.map((column) => record[column] ?? '(null)').join(' / ');
      for (const { lookup, usedIn } of lookups) {
        const key = lookupKey(lookup.model, lookup.field);
        const entry = wanted.get(key) ?? { model: lookup.model, field: lookup.field, values: new Map<string, string[]>(), usedIn: new Set<string>() };
        entry.usedIn.add(usedIn);
        for (const value of lookupValues(lookup, record, context)) {
          const examples = entry.values.get(value) ?? [];
          if (examples.length < 3) examples.push(`${phase.object} ${recordKey}`);
          entry.values.set(value, examples);
        }
        wanted.set(key, entry);
      }
    }
  }

  const resolved = new Map<string, Map<string, number>>();
  const problems: string[] = [];
  for (const [key, entry] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const values = [...entry.values.keys()].sort();
    const rows = await client.searchRead(entry.model, [[entry.field, 'in', values]], [entry.field]);
    const ids = new Map<string, number>();
    for (const value of values) {
      const matches = rows.filter((row) => String(row[entry.field]) === value);
      const needed = `needed by ${entry.values.get(value)!.join(', ')}`;
      const where = `. The lookup is in ${[...entry.usedIn].sort().join(', ')}`;
      if (matches.length === 1) ids.set(value, matches[0]!.id);
      else if (matches.length === 0) problems.push(`lookup(${entry.model}, ${entry.field}: ${JSON.stringify(value)}) matches no record (${needed}); add it in Odoo or map the value first${where}`);
      else problems.push(`lookup(${entry.model}, ${entry.field}: ${JSON.stringify(value)}) matches ${matches.length} records, ids ${matches.map((row) => row.id).join(', ')} (${needed}); make the field unique in Odoo or look up by another field${where}`);
    }
    resolved.set(key, ids);
  }
  if (problems.length > 0) throw new ReferenceDataError(problems);
  return resolved;
}

/** Collects the values a lookup needs for one record: one, several (a split list) or none. */
function lookupValues(lookup: Lookup, record: Parameters<typeof evaluateExpression>[1], context: EvaluationContext): string[] {
  try {
    const value = evaluateExpression(lookup.value, record, context);
    if (Array.isArray(value)) return value.map(String);
    if (value === null || value === '' || isPendingReference(value)) return [];
    return [String(value)];
  } catch (error) {
    // The record will be rejected with this reason when it loads.
    if (error instanceof RecordRejected) return [];
    throw error;
  }
}

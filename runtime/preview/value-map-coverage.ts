import type { PlanExpression, PlanPhase, PlanValueMap } from '../../compiler/plan-types.js';
import { evaluateExpression, isPendingReference, type EvaluationContext } from '../evaluate-expression.js';
import { findExpressions } from '../plan-walk.js';
import { readPhaseRecords } from '../read-phase-records.js';
import { RecordRejected } from '../reject.js';
import type { SourceConnector } from '../sources/source.js';
import type { UncoveredValue, ValueMapCoverage } from './preview-types.js';

type MapCall = Extract<PlanExpression, { op: 'map' }>;

const isMapCall = (node: PlanExpression): node is MapCall => node.op === 'map';

/** Uncovered values listed per map and field; the rest are counted in `moreValues`. */
const listedValues = 20;

/**
 * Reads a phase's records once more and counts, for every value map its
 * fields use, the source values that no entry covers: those go to the
 * map's `else`, pass unchanged, or reject the record.
 *
 * NOTE: the map's argument is evaluated on every source row, also on rows
 * that a dedupe rule removes or that are rejected for another reason, and
 * also where the map sits in an `if` branch the row does not take. The
 * counts can therefore exceed the rows that reach the map.
 */
export async function countValueMapCoverage(phase: PlanPhase, source: SourceConnector, context: EvaluationContext): Promise<ValueMapCoverage[]> {
  const uses = phase.fields.flatMap((field) => findExpressions(field.expression, isMapCall).map((call) => ({ field: field.field, call, counts: new Map<string | null, number>() })));
  if (uses.length === 0) return [];

  for await (const record of readPhaseRecords(phase, source, context)) {
    for (const use of uses) {
      const valueMap = context.valueMaps[use.call.map]!;
      let value: string | null;
      try {
        value = sourceText(evaluateExpression(use.call.arg, record, context));
      } catch (error) {
        if (!(error instanceof RecordRejected)) throw error;
        continue;
      }
      if (isCovered(valueMap, value)) continue;
      use.counts.set(value, (use.counts.get(value) ?? 0) + 1);
    }
  }

  return uses
    .filter((use) => use.counts.size > 0)
    .map((use) => {
      const valueMap = context.valueMaps[use.call.map]!;
      const values = [...use.counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
      return {
        map: use.call.map,
        field: use.field,
        uncovered: values.slice(0, listedValues).map(([value, count]) => uncoveredValue(valueMap, value, count)),
        moreValues: Math.max(0, values.length - listedValues),
      };
    });
}

function sourceText(value: ReturnType<typeof evaluateExpression>): string | null {
  if (value === null || isPendingReference(value) || Array.isArray(value)) return null;
  return String(value);
}

/** Matches entries as `evaluateMap` does: by text, with a null entry for empty values. */
function isCovered(valueMap: PlanValueMap, value: string | null): boolean {
  return valueMap.entries.some(([from]) => (from === null ? value === null : String(from) === value));
}

function uncoveredValue(valueMap: PlanValueMap, value: string | null, count: number): UncoveredValue {
  const otherwise = valueMap.otherwise;
  if (otherwise && 'value' in otherwise) return { value, count, outcome: 'else', sent: otherwise.value };
  if (otherwise?.fallback === 'pass') return { value, count, outcome: 'passed' };
  return { value, count, outcome: 'rejected' };
}

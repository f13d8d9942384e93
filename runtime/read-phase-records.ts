import type { PlanPhase } from '../compiler/plan-types.js';
import { postgresTimestampFromPega } from './sources/pega-text.js';
import type { SourceConnector, SourceRecord, SourceTableRef } from './sources/source.js';
import { evaluateExpression, isPendingReference, type EvaluationContext } from './evaluate-expression.js';
import { RecordRejected, type RejectReason } from './reject.js';

/**
 * A property set on a record that cannot load as read (its join key matches
 * several rows, or a cleansing rule rejected it), holding the reason as JSON.
 */
export const recordProblemProperty = '\u0000problem';

export function recordProblem(record: SourceRecord): RejectReason | undefined {
  const problem = record[recordProblemProperty];
  return problem ? (JSON.parse(problem) as RejectReason) : undefined;
}

interface JoinedRows {
  readonly rows: Map<string, SourceRecord>;
  readonly counts: Map<string, number>;
}

/** Counts a phase keeps while it reads: rows its `where` filters leave out are source rows too. */
export interface FilterCounts {
  sourceRows: number;
  filtered?: number;
}

/**
 * Streams a phase's records with the columns of its joined tables added as
 * `Alias.Column` (a left join: no matching row leaves them null), keeps the
 * rows its `where` filters accept, then applies its cleansing rules in
 * order. A key that matches several rows, a filter or cleansing rule that
 * rejects the record, is marked on the record, which is then rejected rather
 * than loaded with a guess. Rows the filters leave out are not yielded.
 * With `counts`, each of them adds to `sourceRows` and `filtered`, so the
 * load's reconciliation still accounts for every row of the table.
 */
export async function* readPhaseRecords(
  phase: PlanPhase,
  source: SourceConnector,
  context: EvaluationContext,
  since?: SourceTableRef['since'],
  counts?: FilterCounts,
): AsyncGenerator<SourceRecord> {
  for await (const record of readJoinedRecords(phase, source, since)) {
    if (since && !changedSince(record, since)) continue;
    const filtered = applyFilter(phase, record, context);
    if (filtered === undefined) {
      if (counts) {
        counts.sourceRows += 1;
        counts.filtered = (counts.filtered ?? 0) + 1;
      }
      continue;
    }
    yield clean(phase, filtered, context);
  }
}

/**
 * Returns the record when the phase's `where` condition holds for it (or it
 * has none), and undefined when the row is not the object's. A filter that
 * rejects the record (a value map with `else => error`) marks it instead,
 * so it is rejected with the filter named in the reason.
 */
function applyFilter(phase: PlanPhase, record: SourceRecord, context: EvaluationContext): SourceRecord | undefined {
  if (!phase.where || record[recordProblemProperty]) return record;
  try {
    const holds = evaluateExpression(phase.where, record, context);
    return holds === true || holds === 'true' ? record : undefined;
  } catch (error) {
    if (!(error instanceof RecordRejected)) throw error;
    return { ...record, [recordProblemProperty]: JSON.stringify({ ...error.reason, message: `where: ${error.reason.message}` }) };
  }
}

/**
 * Tells whether a record's delta column is at or after the watermark. A
 * record without a readable value is kept, since skipping it could lose a change.
 */
function changedSince(record: SourceRecord, since: NonNullable<SourceTableRef['since']>): boolean {
  const value = record[since.property];
  if (!value) return true;
  try {
    return postgresTimestampFromPega(value) >= since.from;
  } catch {
    return true;
  }
}

function clean(phase: PlanPhase, record: SourceRecord, context: EvaluationContext): SourceRecord {
  if (!phase.cleansing || phase.cleansing.length === 0 || record[recordProblemProperty]) return record;
  const cleaned: Record<string, string | null> = { ...record };
  for (const rule of phase.cleansing) {
    try {
      const value = evaluateExpression(rule.expression, cleaned, context);
      cleaned[rule.column] = value === null || isPendingReference(value) || Array.isArray(value) ? null : String(value);
    } catch (error) {
      if (!(error instanceof RecordRejected)) throw error;
      cleaned[recordProblemProperty] = JSON.stringify({ ...error.reason, message: `clean ${rule.column}: ${error.reason.message}` });
      break;
    }
  }
  return cleaned;
}

async function* readJoinedRecords(phase: PlanPhase, source: SourceConnector, since: SourceTableRef['since']): AsyncGenerator<SourceRecord> {
  const table = { table: phase.source.table, className: phase.source.className, key: phase.source.key, ...(since ? { since } : {}) };
  if (!phase.joins || phase.joins.length === 0) {
    yield* source.read(table);
    return;
  }

  // NOTE: joined tables are held in memory, keyed by the join column; they are
  // meant for reference-sized tables such as addresses or accounts.
  const joined = new Map<string, JoinedRows>();
  for (const join of phase.joins) {
    const rows = new Map<string, SourceRecord>();
    const counts = new Map<string, number>();
    for await (const row of source.read({ table: join.table, className: join.className, key: [join.joinedColumn] })) {
      const key = row[join.joinedColumn]?.trim();
      if (!key) continue;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (!rows.has(key)) rows.set(key, row);
    }
    joined.set(join.alias, { rows, counts });
  }

  for await (const record of source.read(table)) {
    const merged: Record<string, string | null> = { ...record };
    for (const join of phase.joins) {
      const key = record[join.localColumn]?.trim();
      if (!key) continue;
      const { rows, counts } = joined.get(join.alias)!;
      const count = counts.get(key) ?? 0;
      if (count > 1) {
        const message = `${count} rows of ${join.table} have ${join.joinedColumn} ${JSON.stringify(key)}, so ${join.alias} is ambiguous`;
        merged[recordProblemProperty] = JSON.stringify({ code: 'invalid-value', message, summary: 'ambiguous join' } satisfies RejectReason);
        continue;
      }
      for (const [column, value] of Object.entries(rows.get(key) ?? {})) merged[`${join.alias}.${column}`] = value;
    }
    yield merged;
  }
}

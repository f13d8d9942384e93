import type { PlanPhase } from '../compiler/plan-types.js';
import type { SourceConnector, SourceRecord } from './sources/source.js';

/** A property set on a record whose join key matches several rows, naming the problem. */
export const joinProblemProperty = '\u0000joinProblem';

interface JoinedRows {
  readonly rows: Map<string, SourceRecord>;
  readonly counts: Map<string, number>;
}

/**
 * Streams a phase's records with the columns of its joined tables added as
 * `Alias.Column` (a left join: no matching row leaves them null). A key that
 * matches several rows is marked on the record, which is then rejected
 * rather than joined to a row picked at random.
 */
export async function* readPhaseRecords(phase: PlanPhase, source: SourceConnector): AsyncGenerator<SourceRecord> {
  const table = { table: phase.source.table, className: phase.source.className, key: phase.source.key };
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
        merged[joinProblemProperty] = `${count} rows of ${join.table} have ${join.joinedColumn} ${JSON.stringify(key)}, so ${join.alias} is ambiguous`;
        continue;
      }
      for (const [column, value] of Object.entries(rows.get(key) ?? {})) merged[`${join.alias}.${column}`] = value;
    }
    yield merged;
  }
}

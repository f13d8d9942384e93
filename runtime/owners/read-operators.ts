import type { PlanOwners } from '../../compiler/plan-types.js';
import type { SourceConnector } from '../sources/source.js';

/** One row of the Pega operator table, as owners.yaml shows it. */
export interface PegaOperator {
  readonly name: string | null;
  readonly email: string | null;
  /** True when the disabled column contains Pega's `true`: the operator left. */
  readonly disabled: boolean;
}

/**
 * Reads the operator table that pmap.yaml's `owners:` section names, by
 * operator id. Operator tables hold hundreds or a few thousand rows, so
 * they are kept in memory. When two rows share an id, the first is kept.
 */
export async function readOperators(owners: PlanOwners, source: SourceConnector): Promise<Map<string, PegaOperator>> {
  const operators = new Map<string, PegaOperator>();
  const table = { table: owners.table, className: owners.className, key: [owners.idColumn] };
  for await (const row of source.read(table)) {
    const id = row[owners.idColumn]?.trim();
    if (!id || operators.has(id)) continue;
    const disabled = owners.disabledColumn ? row[owners.disabledColumn]?.trim().toLowerCase() === 'true' : false;
    operators.set(id, { name: textOrNull(row[owners.nameColumn]), email: textOrNull(row[owners.emailColumn]), disabled });
  }
  return operators;
}

function textOrNull(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}

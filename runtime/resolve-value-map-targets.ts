import type { Plan } from '../compiler/plan-types.js';
import type { OdooClient } from './odoo/odoo-client.js';

/** Reference data a plan needs that Odoo does not have exactly once. */
export class ReferenceDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`reference data check failed, nothing was loaded:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ReferenceDataError';
  }
}

/**
 * Resolves every target of value maps that name records (`-> crm.stage`) to
 * exactly one Odoo id by name. A missing or ambiguous name fails the whole
 * run before any record moves, with the candidates listed: linking to the
 * first of two stages named alike would be a silent error.
 */
export async function resolveValueMapTargets(plan: Plan, client: OdooClient): Promise<Map<string, Map<string, number>>> {
  const resolved = new Map<string, Map<string, number>>();
  const problems: string[] = [];

  for (const [mapName, valueMap] of Object.entries(plan.valueMaps)) {
    if (!valueMap.targetModel) continue;
    const targets = new Set<string>();
    for (const [, target] of valueMap.entries) if (target !== null) targets.add(String(target));
    if (valueMap.otherwise && 'value' in valueMap.otherwise && valueMap.otherwise.value !== null) targets.add(String(valueMap.otherwise.value));

    const rows = await client.searchRead(valueMap.targetModel, [['name', 'in', [...targets]]], ['name']);
    const ids = new Map<string, number>();
    for (const target of [...targets].sort()) {
      const matches = rows.filter((row) => row.name === target);
      if (matches.length === 1) {
        ids.set(target, matches[0]!.id);
        continue;
      }
      problems.push(
        matches.length === 0
          ? `value map ${mapName}: no ${valueMap.targetModel} named ${JSON.stringify(target)} exists in Odoo; create it or map to an existing name`
          : `value map ${mapName}: ${matches.length} ${valueMap.targetModel} records are named ${JSON.stringify(target)} (ids ${matches.map((row) => row.id).join(', ')}); rename all but one in Odoo`,
      );
    }
    resolved.set(mapName, ids);
  }

  if (problems.length > 0) throw new ReferenceDataError(problems);
  return resolved;
}

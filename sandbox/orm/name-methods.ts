// name_get() and name_search(), which Odoo 16 still offers (18 removes name_get).

import type { ModelDefinition } from '../model-registry.js';
import { isTruthy, pythonInt } from '../python/builtins.js';
import type { Env } from './environment.js';
import { displayName } from './record-values.js';
import { searchRecords } from './search.js';

/** Returns `[id, display_name]` pairs of the records that exist. */
export function nameGet(env: Env, model: ModelDefinition, ids: readonly number[]): [number, string][] {
  const pairs: [number, string][] = [];
  for (const id of ids) {
    const row = env.store.get(model.name, id);
    if (row) pairs.push([id, displayName(env, model, row)]);
  }
  return pairs;
}

/** Searches records by name (the model's rec name field) within an optional domain. */
export function nameSearch(
  env: Env,
  model: ModelDefinition,
  name: unknown,
  domain: unknown,
  operator: unknown,
  limit: unknown,
): [number, string][] {
  const leaves: unknown[] = Array.isArray(domain) ? [...domain] : [];
  const searchOperator = typeof operator === 'string' ? operator : 'ilike';

  // An empty name with like or ilike matches every record, so Odoo adds no leaf.
  const matchesAll = (name === '' || name === false || name === null) && ['like', 'ilike'].includes(searchOperator);
  // Terms of a domain list are implicitly joined with '&', so appending is enough.
  if (!matchesAll) leaves.push([model.behaviour.recName ?? 'name', searchOperator, name]);

  const ids = searchRecords(env, model, leaves, { limit: isTruthy(limit) ? pythonInt(limit) : undefined });
  return nameGet(env, model, ids);
}

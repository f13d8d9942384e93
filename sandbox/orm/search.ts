// The ORM's search(): domain, archived records, order, offset and limit.

import type { ModelDefinition } from '../model-registry.js';
import { isTruthy, pythonInt } from '../python/builtins.js';
import { pythonStr } from '../python/repr.js';
import { domainHasLeafOn, parseDomain } from './domain.js';
import { matchesDomain } from './domain-match.js';
import type { Env } from './environment.js';
import { indexedCandidates } from './indexed-search.js';
import { sortRows } from './ordering.js';

export interface SearchOptions {
  offset?: unknown;
  limit?: unknown;
  order?: unknown;
}

/** Returns the ids of the matching records, sorted and paged. */
export function searchRecords(env: Env, model: ModelDefinition, domain: unknown, options: SearchOptions = {}): number[] {
  const tree = parseDomain(env, model, domain);
  const skipArchived = hidesArchived(env, model, domain);

  const candidates = indexedCandidates(env, model, tree) ?? env.store.rows(model.name);
  const matching = candidates
    .filter((row) => !(skipArchived && row.active !== true))
    .filter((row) => matchesDomain(env, model, row, tree));

  const order = isTruthy(options.order) ? pythonStr(options.order) : null;
  const sorted = sortRows(env, model, matching, order);

  // Odoo treats a limit of 0 like no limit at all.
  const offset = isTruthy(options.offset) ? pythonInt(options.offset) : 0;
  const limit = isTruthy(options.limit) ? pythonInt(options.limit) : undefined;
  const page = sorted.slice(offset, limit === undefined ? undefined : offset + limit);
  return page.map((row) => row.id);
}

/** Returns the number of matching records, at most `limit` when one is given. */
export function countRecords(env: Env, model: ModelDefinition, domain: unknown, limit: unknown): number {
  const count = searchRecords(env, model, domain).length;
  return isTruthy(limit) ? Math.min(count, pythonInt(limit)) : count;
}

/**
 * Archived records (active = False) are left out unless the domain has a leaf
 * on `active` or the context sets `active_test` to False.
 */
function hidesArchived(env: Env, model: ModelDefinition, domain: unknown): boolean {
  if (!model.fields.has('active')) return false;
  if (env.context.active_test === false) return false;
  return !domainHasLeafOn(domain, 'active');
}

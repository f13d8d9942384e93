import type { PlanField, PlanPhase } from '../compiler/plan-types.js';
import { isPendingReference, type EvaluatedValue } from './evaluate-expression.js';

/**
 * Picks the fields through which a record points at a parent that other
 * records of the run point at too: many2one fields to a model that a phase
 * of the plan loads (a contact's company, a lead's customer), and `res_id`.
 * On a real Odoo 16, creating records under one parent from two connections
 * at once failed with "could not serialize access due to concurrent update",
 * so records sharing such a parent must not load in parallel. Links to
 * reference data (countries, stages, users) are left out: there every
 * record would share the same few parents and nothing could run in parallel.
 * Second-pass fields are written later by one connection, so they are left
 * out as well.
 */
export function contendedFields(phase: PlanPhase, loadedModels: ReadonlySet<string>): PlanField[] {
  return phase.fields.filter((field) => {
    if (field.secondPass) return false;
    if (field.field === 'res_id') return true;
    return field.type === 'many2one' && field.relation !== undefined && loadedModels.has(field.relation);
  });
}

/**
 * Lists the contended parents a record sets, as text that is equal for
 * equal parents: a `ref` as the external id it resolves to (which
 * `externalIdOf` builds), an id as `model#id`.
 */
export function contendedParents(
  fields: readonly PlanField[],
  values: Readonly<Record<string, EvaluatedValue>>,
  externalIdOf: (ref: string, key: readonly string[]) => string,
  resModel: string | undefined,
): string[] {
  // NOTE: a parent set through `ref` in one record and through a looked-up id
  // in another gets two different texts, so those two records may still load
  // in parallel.
  const parents: string[] = [];
  for (const field of fields) {
    const value = values[field.field] ?? null;
    if (value === null || value === false || Array.isArray(value)) continue;
    if (isPendingReference(value)) {
      parents.push(externalIdOf(value.ref, value.key));
      continue;
    }
    const model = field.field === 'res_id' ? resModel : field.relation;
    parents.push(`${model ?? '?'}#${String(value)}`);
  }
  return parents;
}

/** FNV-1a, 32 bits: a hash that is the same in every run, unlike an object's identity. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Chooses the lane of a record: the lane its contended parents hash to, so
 * that records sharing a parent load one after another. A record of a
 * `match` phase counts its match value as a parent too, so that two records
 * never adopt the same Odoo record in parallel. A record without parents
 * spreads by its own external id. A record whose parents hash to different
 * lanes loads while no other batch does.
 */
export function chooseLane(
  phase: PlanPhase,
  record: { readonly externalId: string; readonly values: Readonly<Record<string, EvaluatedValue>> },
  fields: readonly PlanField[],
  laneCount: number,
  externalIdOf: (ref: string, key: readonly string[]) => string,
): number | 'exclusive' {
  if (laneCount === 1) return 0;
  const resModel = record.values.res_model;
  const parents = contendedParents(fields, record.values, externalIdOf, typeof resModel === 'string' ? resModel : undefined);
  const matched = phase.match ? record.values[phase.match.field] : undefined;
  if (matched !== undefined && matched !== null && matched !== false && matched !== '' && !Array.isArray(matched) && !isPendingReference(matched)) {
    parents.push(`match ${phase.model} ${String(matched).toLowerCase()}`);
  }
  if (parents.length === 0) return stableHash(record.externalId) % laneCount;

  const lanes = new Set(parents.map((parent) => stableHash(parent) % laneCount));
  return lanes.size === 1 ? [...lanes][0]! : 'exclusive';
}

// Sorts rows by an `order` specification ("name, id desc") as the ORDER BY
// that Odoo 16 builds would. Many2one fields sort by the target model's own
// order, and fields without a column are ignored. NULL sorts last ascending
// and first descending, as in PostgreSQL.

import { invalidOrder, invalidOrderField } from '../faults.js';
import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import type { Row, StoredValue } from '../record-store.js';
import type { Env } from './environment.js';
import { fieldValue } from './record-values.js';

type Comparator = (left: Row, right: Row) => number;

interface OrderTerm {
  field: FieldInfo;
  descending: boolean;
}

const ORDER_TERM = /^\s*("?)([a-z0-9:_]+)\1(\s+(asc|desc))?\s*$/i;

/** Returns the rows sorted by `order`, or by the model's default order when it is empty. */
export function sortRows(env: Env, model: ModelDefinition, rows: readonly Row[], order: string | null): Row[] {
  const terms = parseOrder(model, order ?? model.order, order !== null);
  const comparator = buildComparator(env, model, terms, new Set([model.name]));
  return [...rows].sort(comparator);
}

/** Parses an order specification, checking one from a client as Odoo checks it. */
function parseOrder(model: ModelDefinition, order: string, fromClient: boolean): OrderTerm[] {
  const parts = order.split(',');
  if (fromClient && parts.some((part) => !ORDER_TERM.test(part))) throw invalidOrder(order);

  const terms: OrderTerm[] = [];
  for (const part of parts) {
    const match = ORDER_TERM.exec(part);
    if (!match) continue;
    const name = match[2] ?? '';
    const field = model.fields.get(name);
    if (!field) throw invalidOrderField(model.name, name);
    terms.push({ field, descending: (match[4] ?? '').toLowerCase() === 'desc' });
  }
  return terms;
}

function buildComparator(env: Env, model: ModelDefinition, terms: readonly OrderTerm[], seen: Set<string>): Comparator {
  const comparators: Comparator[] = [];
  for (const term of terms) {
    const comparator = termComparator(env, model, term, seen);
    if (comparator) comparators.push(comparator);
  }
  return (left, right) => {
    for (const comparator of comparators) {
      const result = comparator(left, right);
      if (result !== 0) return result;
    }
    return 0;
  };
}

function termComparator(env: Env, model: ModelDefinition, term: OrderTerm, seen: Set<string>): Comparator | undefined {
  const { field, descending } = term;
  const direction = descending ? -1 : 1;

  if (field.type === 'many2one' && field.store) return many2oneComparator(env, field, descending, seen);

  // Fields of an `_inherits` parent sort through a join. Other fields without
  // a column (computed, x2many) are ignored, as Odoo ignores them.
  const inherited = isInheritedField(model, field);
  const hasColumn = field.name === 'id' || (field.store && field.type !== 'one2many' && field.type !== 'many2many');
  if (!hasColumn && !inherited) return undefined;

  return (left, right) => {
    const leftValue = sortValue(field, fieldValue(env, model, left, field.name));
    const rightValue = sortValue(field, fieldValue(env, model, right, field.name));
    return compareNullable(leftValue, rightValue, direction);
  };
}

/** Compares many2one values by the target's default order, with the directions flipped for `desc`. */
function many2oneComparator(env: Env, field: FieldInfo, descending: boolean, seen: Set<string>): Comparator {
  const comodel = field.relation ? env.registry.get(field.relation) : undefined;
  const byId: Comparator = (left, right) =>
    compareNullable(idOf(left[field.name]), idOf(right[field.name]), descending ? -1 : 1);
  if (!comodel || seen.has(comodel.name)) return byId;

  const comodelTerms = parseOrder(comodel, comodel.order, false).map((term) => ({
    field: term.field,
    descending: term.descending !== descending,
  }));
  const compareTargets = buildComparator(env, comodel, comodelTerms, new Set([...seen, comodel.name]));
  const nullDirection = comodelTerms[0]?.descending ? -1 : 1;

  return (left, right) => {
    const leftTarget = targetRow(env, comodel.name, left[field.name]);
    const rightTarget = targetRow(env, comodel.name, right[field.name]);
    if (!leftTarget || !rightTarget) {
      return compareNullable(leftTarget ? 0 : null, rightTarget ? 0 : null, nullDirection);
    }
    return compareTargets(leftTarget, rightTarget);
  };
}

function isInheritedField(model: ModelDefinition, field: FieldInfo): boolean {
  const delegation = model.behaviour.delegation;
  return delegation !== undefined && field.related?.[0] === delegation.field;
}

function targetRow(env: Env, modelName: string, value: StoredValue | undefined): Row | undefined {
  return typeof value === 'number' ? env.store.get(modelName, value) : undefined;
}

function idOf(value: StoredValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** Odoo sorts booleans as COALESCE(value, false). */
function sortValue(field: FieldInfo, value: StoredValue): string | number | boolean | null {
  if (field.type === 'boolean') return value === true;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

/** Compares two values with NULL as the largest value, as PostgreSQL sorts it. */
function compareNullable(left: string | number | boolean | null, right: string | number | boolean | null, direction: number): number {
  if (left === right) return 0;
  if (left === null) return direction;
  if (right === null) return -direction;
  if (typeof left === 'number' && typeof right === 'number') return (left - right) * direction;
  return (String(left) < String(right) ? -1 : 1) * direction;
}

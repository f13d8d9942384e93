// Evaluates a parsed domain against one row with the semantics of the SQL
// that Odoo 16 generates: NULL never matches a comparison, '!=' and 'not in'
// also match NULL, and a string compared with a relational field is looked up
// by name.

import { searchNotEmulated } from '../faults.js';
import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import { isTruthy } from '../python/builtins.js';
import { pythonStr } from '../python/repr.js';
import type { Row, StoredValue } from '../record-store.js';
import type { DomainLeaf, DomainTree } from './domain.js';
import type { Env } from './environment.js';
import { displayName, fieldValue, isFieldComputable } from './record-values.js';

const NEGATIVE_OPERATORS = new Set(['!=', 'not in', 'not like', 'not ilike']);

/** Ids matched by the names in a leaf, computed once per parsed domain. */
const nameMatches = new WeakMap<DomainLeaf, Set<number>>();
const LIKE_OPERATORS = new Set(['like', 'not like', 'ilike', 'not ilike', '=like', '=ilike']);

/** Returns whether the row matches the domain. */
export function matchesDomain(env: Env, model: ModelDefinition, row: Row, tree: DomainTree): boolean {
  switch (tree.kind) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'not':
      return !matchesDomain(env, model, row, tree.operand);
    case 'and':
      return matchesDomain(env, model, row, tree.left) && matchesDomain(env, model, row, tree.right);
    case 'or':
      return matchesDomain(env, model, row, tree.left) || matchesDomain(env, model, row, tree.right);
    case 'leaf':
      return matchesLeaf(env, model, row, tree);
  }
}

function matchesLeaf(env: Env, model: ModelDefinition, row: Row, leaf: DomainLeaf): boolean {
  const [name = '', ...rest] = leaf.path;
  const field = model.fields.get(name);
  if (!field) return false;

  if (rest.length > 0) return matchesThroughRelation(env, field, row, model, { ...leaf, path: rest });

  if (!isFieldComputable(model, field)) {
    // Odoo logs an error and ignores leaves on fields it cannot search.
    if (field.searchable !== true) return true;
    throw searchNotEmulated(model.name, field.name);
  }

  const value = fieldValue(env, model, row, name);
  if (leaf.operator === 'child_of' || leaf.operator === 'parent_of') {
    return matchesHierarchy(env, model, field, value, leaf);
  }
  if (field.type === 'many2one') return matchesMany2one(env, field, value, leaf);
  if (field.type === 'one2many' || field.type === 'many2many') {
    return matchesX2many(env, field, Array.isArray(value) ? value : [], leaf);
  }
  if (field.type === 'boolean') return matchesBoolean(value === true, leaf.operator, leaf.value);
  return matchesScalar(field, value, leaf.operator, leaf.value);
}

/** Matches a dotted path: the leaf matches when one related record matches the rest of the path. */
function matchesThroughRelation(
  env: Env,
  field: FieldInfo,
  row: Row,
  model: ModelDefinition,
  leaf: DomainLeaf,
): boolean {
  const comodel = field.relation ? env.registry.get(field.relation) : undefined;
  if (!comodel) return false;

  const ids = relatedIds(fieldValue(env, model, row, field.name));
  return ids.some((id) => {
    const target = env.store.get(comodel.name, id);
    return target !== undefined && matchesLeaf(env, comodel, target, leaf);
  });
}

function matchesScalar(field: FieldInfo, value: StoredValue, operator: string, right: unknown): boolean {
  const normalizedRight = field.type === 'datetime' ? normalizeDatetime(right) : right;
  switch (operator) {
    case '=':
      return isEqual(value, normalizedRight);
    case '!=':
      return !isEqual(value, normalizedRight);
    case '=?':
      return right === false || right === null || right === undefined ? true : isEqual(value, normalizedRight);
    case 'in':
      return isInList(field, value, right);
    case 'not in':
      return !isInList(field, value, right);
    case '<':
    case '>':
    case '<=':
    case '>=':
      return compareOrdered(value, normalizedRight, operator);
    default:
      if (LIKE_OPERATORS.has(operator)) return matchesLike(value === null ? null : pythonStr(value), operator, right);
      return false;
  }
}

function matchesBoolean(value: boolean, operator: string, right: unknown): boolean {
  switch (operator) {
    case '=':
      return value === isTruthy(right);
    case '!=':
      return value !== isTruthy(right);
    case '=?':
      return right === false || right === null ? true : value === isTruthy(right);
    case 'in':
      return asList(right).some((item) => isTruthy(item) === value);
    case 'not in':
      return !asList(right).some((item) => isTruthy(item) === value);
    default:
      return false;
  }
}

function matchesMany2one(env: Env, field: FieldInfo, value: StoredValue, leaf: DomainLeaf): boolean {
  const { operator, value: right } = leaf;
  const id = typeof value === 'number' ? value : null;
  const names = asList(right).filter((item): item is string => typeof item === 'string');

  // A string (or list of strings) is searched by name on the comodel.
  if (names.length > 0 || LIKE_OPERATORS.has(operator)) {
    const matched = idsMatchingNames(env, leaf, field.relation ?? '', operator, names.length > 0 ? names : [pythonStr(right)]);
    if (NEGATIVE_OPERATORS.has(operator)) return id === null || !matched.has(id);
    return id !== null && matched.has(id);
  }
  return matchesScalar(field, id, operator, right);
}

function matchesX2many(env: Env, field: FieldInfo, ids: readonly number[], leaf: DomainLeaf): boolean {
  const { operator, value: right } = leaf;
  if (right === false || right === null) {
    if (operator === '=') return ids.length === 0;
    if (operator === '!=') return ids.length > 0;
  }

  const names = asList(right).filter((item): item is string => typeof item === 'string');
  const wanted =
    names.length > 0 || LIKE_OPERATORS.has(operator)
      ? idsMatchingNames(env, leaf, field.relation ?? '', operator, names.length > 0 ? names : [pythonStr(right)])
      : new Set(asList(right).filter((item): item is number => typeof item === 'number'));

  const linked = ids.some((id) => wanted.has(id));
  return NEGATIVE_OPERATORS.has(operator) ? !linked : linked;
}

/** Matches `child_of` and `parent_of` through the model's parent field. Without one they act as `in`. */
function matchesHierarchy(env: Env, model: ModelDefinition, field: FieldInfo, value: StoredValue, leaf: DomainLeaf): boolean {
  let target: ModelDefinition | undefined = model;
  if (field.name !== 'id') target = field.relation ? env.registry.get(field.relation) : undefined;
  if (!target) return false;

  const names = asList(leaf.value).filter((item): item is string => typeof item === 'string');
  const start =
    names.length > 0
      ? idsMatchingNames(env, leaf, target.name, '=', names)
      : new Set(asList(leaf.value).filter((item): item is number => typeof item === 'number'));
  const related = expandHierarchy(env, target, start, leaf.operator === 'child_of' ? 'down' : 'up');

  return relatedIds(value).some((id) => related.has(id));
}

function expandHierarchy(env: Env, model: ModelDefinition, start: Set<number>, direction: 'down' | 'up'): Set<number> {
  const parentField = model.behaviour.parentField;
  if (!parentField) return start;

  const result = new Set(start);
  const rows = env.store.rows(model.name);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of rows) {
      const parent = row[parentField];
      if (typeof parent !== 'number') continue;
      const [from, to] = direction === 'down' ? [parent, row.id] : [row.id, parent];
      if (result.has(from) && !result.has(to)) {
        result.add(to);
        grew = true;
      }
    }
  }
  return result;
}

/**
 * Ids of the comodel's active records whose display name matches, as Odoo's
 * name_search finds them. For a negative operator it returns the records that
 * match the positive one, and the caller inverts the result.
 */
function idsMatchingNames(
  env: Env,
  leaf: DomainLeaf,
  modelName: string,
  operator: string,
  names: readonly string[],
): Set<number> {
  // A leaf's names resolve to the same ids for every row of one search.
  const cached = nameMatches.get(leaf);
  if (cached) return cached;

  const comodel = env.registry.get(modelName);
  const ids = new Set<number>();
  nameMatches.set(leaf, ids);
  if (!comodel) return ids;

  const positive = operator.replace(/^not /, '').replace('!=', '=').replace('not in', '=').replace(/^in$/, '=');
  const hasActive = comodel.fields.has('active');
  for (const row of env.store.rows(comodel.name)) {
    if (hasActive && row.active === false) continue;
    const name = displayName(env, comodel, row);
    const matched = names.some((candidate) =>
      LIKE_OPERATORS.has(positive) ? matchesLike(name, positive, candidate) : name === candidate,
    );
    if (matched) ids.add(row.id);
  }
  return ids;
}

/** The strings of an `in` list that holds only strings, built once per list because a search tests every row against it. */
const stringLists = new WeakMap<readonly unknown[], ReadonlySet<string> | null>();

function isInList(field: FieldInfo, value: StoredValue, right: unknown): boolean {
  const items = asList(right);
  // A string equals a string item only when both are the same text, so a set
  // lookup gives isEqual's result without comparing the row with every item.
  if (typeof value === 'string' && field.type !== 'datetime' && Array.isArray(right)) {
    let strings = stringLists.get(right);
    if (strings === undefined) {
      strings = right.every((item) => typeof item === 'string') ? new Set(right as string[]) : null;
      stringLists.set(right, strings);
    }
    if (strings) return strings.has(value);
  }
  return items.some((item) => isEqual(value, field.type === 'datetime' ? normalizeDatetime(item) : item));
}

function isEqual(value: StoredValue, right: unknown): boolean {
  if (right === false || right === null || right === undefined) return value === null;
  if (value === null) return false;
  if (typeof value === 'number') return value === Number(right);
  if (typeof right === 'number' && typeof value === 'string') return Number(value) === right;
  return value === (typeof right === 'string' ? right : pythonStr(right));
}

function compareOrdered(value: StoredValue, right: unknown, operator: string): boolean {
  if (value === null || right === null || right === false || right === undefined) return false;
  const order =
    typeof value === 'number' ? value - Number(right) : compareText(String(value), typeof right === 'string' ? right : pythonStr(right));
  if (Number.isNaN(order)) return false;
  if (operator === '<') return order < 0;
  if (operator === '>') return order > 0;
  if (operator === '<=') return order <= 0;
  return order >= 0;
}

function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/**
 * SQL LIKE. Odoo wraps the value in '%' for like and ilike (without escaping
 * wildcards in it) and uses it as the pattern itself for =like and =ilike.
 * NULL matches only the negative operators.
 */
function matchesLike(value: string | null, operator: string, right: unknown): boolean {
  const negative = operator.startsWith('not ');
  if (value === null) return negative;

  const text = pythonStr(right);
  const pattern = operator.startsWith('=') ? text : `%${text}%`;
  const caseInsensitive = operator.includes('ilike');
  const matched = likePatternToRegExp(pattern, caseInsensitive).test(value);
  return negative ? !matched : matched;
}

// Compiled LIKE patterns: a search matches one pattern against every row, so compiling it per row would dominate.
const likeExpressions = new Map<string, RegExp>();
const LIKE_CACHE_LIMIT = 1000;

function likePatternToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const cacheKey = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  const cached = likeExpressions.get(cacheKey);
  if (cached) return cached;
  if (likeExpressions.size >= LIKE_CACHE_LIMIT) likeExpressions.clear();
  const expression = compileLikePattern(pattern, caseInsensitive);
  likeExpressions.set(cacheKey, expression);
  return expression;
}

function compileLikePattern(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += escapeRegExp(pattern[index] ?? '');
    } else if (char === '%') {
      source += '.*';
    } else if (char === '_') {
      source += '.';
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Returns the ids of a many2one or x2many value. */
function relatedIds(value: StoredValue): readonly number[] {
  if (Array.isArray(value)) return value;
  return typeof value === 'number' ? [value] : [];
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** PostgreSQL reads a date-only string as midnight when it compares it with a timestamp. */
function normalizeDatetime(value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} 00:00:00` : value;
}

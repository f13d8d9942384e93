// Parses a search domain in Odoo's prefix notation (`['|', (a), (b)]`, an
// implicit '&' between consecutive terms) into a tree, and validates every
// leaf against the model's fields as Odoo 16's expression parser does.

import { invalidDomainField, invalidDomainLeaf, malformedDomain } from '../faults.js';
import type { ModelDefinition } from '../model-registry.js';
import { pythonRepr } from '../python/repr.js';
import type { Env } from './environment.js';

export type DomainTree =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'not'; operand: DomainTree }
  | { kind: 'and' | 'or'; left: DomainTree; right: DomainTree }
  | DomainLeaf;

export interface DomainLeaf {
  kind: 'leaf';
  /** The field path, e.g. `['country_id', 'code']`. */
  path: readonly string[];
  operator: string;
  value: unknown;
}

const TERM_OPERATORS = new Set([
  '=',
  '!=',
  '<=',
  '<',
  '>',
  '>=',
  '=?',
  '=like',
  '=ilike',
  'like',
  'not like',
  'ilike',
  'not ilike',
  'in',
  'not in',
  'child_of',
  'parent_of',
]);

const OPERATOR_ARITY: Record<string, number> = { '!': 1, '&': 2, '|': 2 };

/** Parses and validates a domain. An empty or missing domain matches everything. */
export function parseDomain(env: Env, model: ModelDefinition, domain: unknown): DomainTree {
  if (domain === null || domain === undefined || domain === false) return { kind: 'true' };
  if (!Array.isArray(domain)) throw malformedDomain(pythonRepr(domain));
  if (domain.length === 0) return { kind: 'true' };

  const tokens = normalizeDomain(domain);
  let position = 0;
  const readTree = (): DomainTree => {
    const token = tokens[position];
    position += 1;
    if (token === '!') return { kind: 'not', operand: readTree() };
    if (token === '&' || token === '|') {
      const left = readTree();
      const right = readTree();
      return { kind: token === '&' ? 'and' : 'or', left, right };
    }
    return parseTerm(env, model, token);
  };
  return readTree();
}

/** Adds the implicit '&' operators and checks that every operator has its operands. */
function normalizeDomain(domain: readonly unknown[]): unknown[] {
  const result: unknown[] = [];
  let expected = 1;
  for (const token of domain) {
    if (expected === 0) {
      result.unshift('&');
      expected = 1;
    }
    if (Array.isArray(token)) expected -= 1;
    else expected += (typeof token === 'string' ? (OPERATOR_ARITY[token] ?? 0) : 0) - 1;
    result.push(token);
  }
  if (expected !== 0) throw malformedDomain(pythonRepr(domain));
  return result;
}

function parseTerm(env: Env, model: ModelDefinition, term: unknown): DomainTree {
  if (!Array.isArray(term) || term.length !== 3) throw invalidDomainLeaf(term);

  const [left, rawOperator, value] = term as [unknown, unknown, unknown];
  const operator = normalizeOperator(rawOperator);
  if (operator === undefined) throw invalidDomainLeaf(term);

  // Odoo's constant leaves: (1, '=', 1) is always true, (0, '=', 1) always false.
  if (left === 1 && operator === '=' && value === 1) return { kind: 'true' };
  if (left === 0 && operator === '=' && value === 1) return { kind: 'false' };
  if (typeof left !== 'string' || left === '') throw invalidDomainLeaf(term);

  const path = left.split('.');
  validatePath(env, model, path, term);
  return { kind: 'leaf', path, operator, value };
}

function normalizeOperator(operator: unknown): string | undefined {
  if (typeof operator !== 'string') return undefined;
  const lower = operator.toLowerCase();
  // Odoo accepts these spellings with a warning.
  if (lower === '<>') return '!=';
  if (lower === '==') return '=';
  return TERM_OPERATORS.has(lower) ? lower : undefined;
}

/** Checks each step of a dotted path, up to the first model the sandbox does not emulate. */
function validatePath(env: Env, model: ModelDefinition, path: readonly string[], term: readonly unknown[]): void {
  let current: ModelDefinition | undefined = model;
  for (const [index, step] of path.entries()) {
    if (!current) return;
    const field = current.fields.get(step);
    if (!field) {
      // Odoo reports the leaf as it reads at this model: the rest of the path, the operator and the value.
      const leaf = index === 0 ? term : [path.slice(index).join('.'), term[1], term[2]];
      throw invalidDomainField(env.series, current.name, step, leaf);
    }
    current = field.relation ? env.registry.get(field.relation) : undefined;
  }
}

/** Returns whether a domain has a leaf on this exact field name, as Odoo's active_test check looks. */
export function domainHasLeafOn(domain: unknown, fieldName: string): boolean {
  return Array.isArray(domain) && domain.some((term) => Array.isArray(term) && term[0] === fieldName);
}

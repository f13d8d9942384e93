import { isRecordKind, type ValueType } from './value-type.js';

/**
 * The common type of two values that may flow into one place (the branches
 * of `if`, the arguments of `coalesce`): null joins anything, integer and
 * decimal join as decimal, records join only with records of one model.
 * Returns undefined when the types do not join.
 */
export function unifyTypes(a: ValueType, b: ValueType): ValueType | undefined {
  if (a.kind === 'unknown' || b.kind === 'unknown') return { kind: 'unknown' };
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (isRecordKind(a.kind) || isRecordKind(b.kind)) {
    return isRecordKind(a.kind) && a.kind === b.kind && (a as { model: string }).model === (b as { model: string }).model ? a : undefined;
  }
  if (a.kind === b.kind) return a;
  const numbers = new Set(['integer', 'decimal']);
  if (numbers.has(a.kind) && numbers.has(b.kind)) return { kind: 'decimal' };
  return undefined;
}

export function isCondition(type: ValueType): boolean {
  return type.kind === 'boolean' || type.kind === 'unknown' || type.kind === 'null';
}

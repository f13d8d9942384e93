import type { PegaColumnType } from '../runtime/schema-types.js';

/**
 * The type of an expression's value as the checker sees it. `record` is a
 * reference to a record of an Odoo model; `unknown` follows an error that is
 * already reported, so that checks do not cascade.
 */
export type ValueType =
  | { readonly kind: 'text' | 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'null' | 'unknown' }
  | { readonly kind: 'record'; readonly model: string };

export function columnValueType(type: PegaColumnType): ValueType {
  switch (type) {
    case 'text':
      return { kind: 'text' };
    case 'integer':
      return { kind: 'integer' };
    case 'decimal':
      return { kind: 'decimal' };
    case 'date':
      return { kind: 'date' };
    case 'datetime':
      return { kind: 'datetime' };
    case 'truefalse':
      return { kind: 'boolean' };
  }
}

export function describeValueType(type: ValueType): string {
  return type.kind === 'record' ? `a ${type.model} record` : `a ${type.kind} value`;
}

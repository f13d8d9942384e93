import type { PegaColumnType } from '../runtime/schema-types.js';

/**
 * The type of an expression's value as the checker sees it. `record` is a
 * reference to a record of an Odoo model; `unknown` follows an error that is
 * already reported, so that checks do not cascade.
 */
export type ValueType =
  | { readonly kind: 'text' | 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'null' | 'unknown' }
  /** File content as Base64 text, as `base64` gives it, for a binary field. */
  | { readonly kind: 'binary' }
  /** A list of texts, as `split` returns. */
  | { readonly kind: 'list' }
  | { readonly kind: 'record' | 'records'; readonly model: string }
  /** The id of a record of an object, as `record_id` gives it: only for a whole many2one_reference or integer field. */
  | { readonly kind: 'recordId'; readonly model: string };

/** Kinds that stand for Odoo records rather than values: they cannot be compared, transformed or cleaned. */
export function isRecordKind(kind: ValueType['kind']): boolean {
  return kind === 'record' || kind === 'records' || kind === 'recordId';
}

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

/** `a` or `an` before a word, by its first letter: "an integer", "a char". */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

export function describeValueType(type: ValueType): string {
  if (type.kind === 'record') return `${withArticle(type.model)} record`;
  if (type.kind === 'records') return `a list of ${type.model} records`;
  if (type.kind === 'recordId') return `the id of ${withArticle(type.model)} record`;
  if (type.kind === 'list') return 'a list of text values';
  return `${withArticle(type.kind)} value`;
}

import type { PegaColumn } from '../schema-types.js';

/** What the values of a column look like, beyond its Pega type. */
export type ValueShapeKind =
  | 'email' | 'phone' | 'url' | 'country-code' | 'pega-date' | 'pega-datetime' | 'true-false-text' | 'number-text' | 'html' | 'plain';

export interface ValueShape {
  readonly kind: ValueShapeKind;
  /** Why, for the proposal's comment: `38 of 40 values seen look like e-mail addresses`. */
  readonly evidence: string;
  /** True when the values showed it; false when only the column's name suggests it. */
  readonly fromValues: boolean;
}

/** The share of the values seen that must have a shape before the column counts as having it. */
const SHAPE_SHARE = 0.8;

const patterns: ReadonlyArray<readonly [ValueShapeKind, RegExp, string]> = [
  ['email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'e-mail addresses'],
  ['url', /^(https?:\/\/|www\.)\S+$/i, 'web addresses'],
  ['pega-datetime', /^\d{8}T\d{6}(\.\d{1,3})? GMT$/, 'Pega DateTime values'],
  ['pega-date', /^\d{8}$/, 'Pega Date values (yyyyMMdd)'],
  ['country-code', /^[A-Z]{2}$/, 'ISO 3166 country codes'],
  ['true-false-text', /^(true|false)$/, 'the texts "true" and "false"'],
  ['number-text', /^-?\d+(\.\d+)?$/, 'plain numbers'],
  ['html', /<\/?[a-z][a-z0-9]*\b[^>]*>/i, 'HTML'],
  ['phone', /^\+?[\d\s().\-/]{6,20}$/, 'phone numbers'],
];

/**
 * Classifies a text column by the values discovery listed for it (only
 * columns with few distinct values have them), and else by its name.
 */
// NOTE: schemas/pega.json keeps no samples of many-valued columns (a contact's
// Email), so their shape comes from the name alone and such proposals are less sure.
export function columnShape(property: string, column: PegaColumn, words: readonly string[]): ValueShape {
  if (column.type !== 'text') return { kind: 'plain', evidence: '', fromValues: false };

  const seen = (column.distinctValues ?? []).filter(([value]) => value !== null && value.trim() !== '').map(([value]) => value!.trim());
  if (seen.length >= 2) {
    for (const [kind, pattern, description] of patterns) {
      const matching = seen.filter((value) => pattern.test(value)).length;
      if (matching / seen.length >= SHAPE_SHARE && (kind !== 'phone' || seen.every((value) => value.replace(/\D/g, '').length >= 6))) {
        return { kind, evidence: `${matching} of ${seen.length} values seen in ${property} are ${description}`, fromValues: true };
      }
    }
    return { kind: 'plain', evidence: '', fromValues: true };
  }

  return shapeFromName(property, column, words);
}

function shapeFromName(property: string, column: PegaColumn, words: readonly string[]): ValueShape {
  const has = (...candidates: string[]) => candidates.some((word) => words.includes(word));
  const byName = (kind: ValueShapeKind, what: string): ValueShape => ({ kind, evidence: `the name ${property} suggests ${what}`, fromValues: false });
  if (has('email', 'mail')) return byName('email', 'e-mail addresses');
  if (has('phone', 'mobile', 'telephone', 'fax', 'cell')) return byName('phone', 'phone numbers');
  if (has('website', 'url', 'homepage')) return byName('url', 'web addresses');
  if (has('country') && column.length === 2) return byName('country-code', 'two-letter country codes');
  if (has('date') && !has('time')) return byName('pega-date', 'dates');
  return { kind: 'plain', evidence: '', fromValues: false };
}

import type { ColumnKind } from './profile-types.js';

export type DetectableKind = Exclude<ColumnKind, 'text'>;

/** Kinds in the order a tie is broken. */
export const DETECTABLE_KINDS: readonly DetectableKind[] = ['email', 'date', 'phone', 'postcode'];

// Hints from the property name, without a Pega px/py/pz prefix or a join alias.
const NAME_HINTS: ReadonlyArray<readonly [DetectableKind, RegExp]> = [
  ['email', /e-?mail/i],
  ['postcode', /post(?:al)?_?code|zip|^plz$/i],
  ['phone', /phone|mobile|fax|^tel$|^tel[A-Z_]|telephone|^cell/i],
  ['date', /date|time|birth|^dob$/i],
];

/** Share of non-blank values that must look like a kind for the column to be of that kind. */
const VALUE_THRESHOLD = 0.8;
/** The same share when the column name names the kind too. */
const HINTED_THRESHOLD = 0.3;
/** Postcodes without a name hint must be this clear, since a 5-digit number is as often an id or an amount. */
const POSTCODE_VALUE_THRESHOLD = 0.9;

/** Returns the kind a column's name suggests, if any. */
export function kindHintFromName(column: string): DetectableKind | undefined {
  const bare = column.slice(column.lastIndexOf('.') + 1).replace(/^p[xyz](?=[A-Z])/, '');
  return NAME_HINTS.find(([, pattern]) => pattern.test(bare))?.[0];
}

export interface KindEvidence {
  readonly nonBlank: number;
  /** Non-blank values with at least one letter. */
  readonly withLetters: number;
  readonly recognised: Readonly<Record<DetectableKind, number>>;
}

/**
 * Decides a column's kind from the share of its values each classifier
 * recognised. The name only lowers the bar for the kind it names, so a
 * column called `Phone` that contains e-mail addresses is an e-mail column.
 */
export function detectColumnKind(column: string, evidence: KindEvidence): ColumnKind {
  if (evidence.nonBlank === 0) return 'text';
  const hint = kindHintFromName(column);
  const candidates = DETECTABLE_KINDS.map((kind) => ({ kind, share: evidence.recognised[kind] / evidence.nonBlank })).filter(({ kind, share }) => {
    if (kind === hint) return share >= HINTED_THRESHOLD;
    if (kind === 'postcode') return share >= POSTCODE_VALUE_THRESHOLD && evidence.withLetters * 2 >= evidence.nonBlank;
    return share >= VALUE_THRESHOLD;
  });
  if (candidates.length === 0) return 'text';
  const strongest = candidates.reduce((best, candidate) => (candidate.share > best.share ? candidate : best));
  const hinted = candidates.find(({ kind }) => kind === hint);
  // A hinted kind wins unless another kind fits clearly more of the values.
  if (hinted !== undefined && strongest.share - hinted.share < 0.2) return hinted.kind;
  return strongest.kind;
}

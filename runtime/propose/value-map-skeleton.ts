import { quoteString } from '../../compiler/print-expression.js';
import type { PegaColumn } from '../schema-types.js';
import type { ProposedEntry, ProposedValueMap } from './proposal-types.js';
import { normalise, roundScore, textSimilarity } from './similarity.js';

/** The kind of targets of a proposed value map. */
export type ValueMapTarget =
  /** Names of existing records of a model, as discovery listed them (crm.stage). */
  | { readonly kind: 'records'; readonly model: string; readonly names: readonly string[] }
  /** Keys of a selection field, with their labels. */
  | { readonly kind: 'selection'; readonly options: ReadonlyArray<readonly [string, string]> }
  | { readonly kind: 'boolean' };

/** The lowest score at which a target is proposed at all; below it the entry gets `=> ?`. */
const MIN_TARGET_SCORE = 0.35;
/** The score an entry gets when Pega's meaning of a value points at a target, whatever the spelling. */
const MEANING_SCORE = 0.6;

/**
 * The stages Pega's standard work statuses usually become in an Odoo
 * pipeline, by the words of stage names. Pega statuses are New, Open, Pending-… and
 * Resolved-…; Odoo's default stages are New, Qualified, Proposition, Won.
 */
const statusMeanings: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^new$/i, ['new']],
  [/^open/i, ['qualified', 'open', 'inprogress']],
  [/^pending/i, ['proposition', 'pending', 'negotiation']],
  [/^resolved-?completed$/i, ['won', 'closed', 'done']],
  [/^resolved/i, ['lost', 'cancelled', 'closed']],
];

const falseWords = /^(inactive|closed|cancel|suspend|delete|disable|lost|archiv|withdrawn|terminat|blocked|no$|false$|n$|0$)/;
const trueWords = /^(active|open|new|prospect|enabled|current|yes$|true$|y$|1$)/;

/**
 * Builds a value map with one entry per value discovery saw in the column,
 * each with its row count and a target chosen by likeness. Exact matches are
 * written accepted; every other target, and every value without one, is
 * marked `?` for review. Empty values are left to `else`.
 */
export function buildValueMap(name: string, column: PegaColumn, target: ValueMapTarget, heading: readonly string[]): ProposedValueMap {
  const values = column.distinctValues ?? [];
  const numeric = column.type === 'integer' || column.type === 'decimal';
  const entries: ProposedEntry[] = [];
  let emptyRows = 0;
  const maximum = numeric ? Math.max(...values.map(([value]) => Number(value ?? 0))) : 0;

  // Discovery sorts values as text; numbers read better in numeric order (10 before 100).
  const ordered = numeric ? [...values].sort(([a], [b]) => Number(a ?? Number.NEGATIVE_INFINITY) - Number(b ?? Number.NEGATIVE_INFINITY)) : values;
  for (const [value, rows] of ordered) {
    if (value === null || value.trim() === '') {
      emptyRows += rows;
      continue;
    }
    const from = numeric ? value : quoteString(value);
    const choice = chooseTarget(value, target, numeric ? maximum : undefined);
    const count = `${rows} row${rows === 1 ? '' : 's'}`;
    if (!choice) {
      entries.push({ from, to: undefined, confirmed: false, comment: `${count}; no target looks alike` });
      continue;
    }
    entries.push({ from, to: choice.literal, confirmed: choice.score >= 1, comment: `${count}; ${choice.reason}` });
  }

  const otherwise = fallbackEntry(target, emptyRows, column.nullable);
  if (otherwise) entries.push(otherwise);
  return { name, targetModel: target.kind === 'records' ? target.model : undefined, entries, comments: heading };
}

interface TargetChoice {
  readonly literal: string;
  readonly score: number;
  readonly reason: string;
}

function chooseTarget(value: string, target: ValueMapTarget, maximum: number | undefined): TargetChoice | undefined {
  switch (target.kind) {
    case 'records':
      return bestText(value, target.names.map((name) => [name, name] as const), (name) => quoteString(name), meaningOf(value));
    case 'selection': {
      const keys = target.options.map(([key]) => key);
      if (maximum !== undefined && maximum > 0 && keys.every((key) => /^\d+$/.test(key))) return scaledKey(Number(value), maximum, keys);
      return bestText(value, target.options, (key) => quoteString(key), []);
    }
    case 'boolean': {
      const word = normalise(value);
      if (falseWords.test(word)) return { literal: 'false', score: MEANING_SCORE, reason: `"${value}" reads as not active` };
      if (trueWords.test(word)) return { literal: 'true', score: MEANING_SCORE, reason: `"${value}" reads as active` };
      return undefined;
    }
  }
}

/** Picks the option whose key or label is most like the value, or the one its meaning names. */
function bestText(value: string, options: ReadonlyArray<readonly [string, string]>, literal: (key: string) => string, meanings: readonly string[]): TargetChoice | undefined {
  let best: TargetChoice | undefined;
  for (const [key, label] of [...options].sort(([a], [b]) => a.localeCompare(b))) {
    if (normalise(key) === normalise(value) || normalise(label) === normalise(value)) return { literal: literal(key), score: 1, reason: 'the same name' };
    const likeness = roundScore(Math.max(textSimilarity(value, key), textSimilarity(value, label)));
    const meant = meanings.includes(normalise(label)) || meanings.includes(normalise(key));
    const score = meant ? Math.max(likeness, MEANING_SCORE) : likeness;
    const reason = meant ? `Pega's "${value}" usually means "${label}"` : `likeness ${likeness.toFixed(2)}`;
    if (!best || score > best.score) best = { literal: literal(key), score, reason };
  }
  return best && best.score >= MIN_TARGET_SCORE ? best : undefined;
}

function meaningOf(value: string): readonly string[] {
  return statusMeanings.find(([pattern]) => pattern.test(value))?.[1] ?? [];
}

/** Spreads 0..maximum over the keys in order: Pega urgency 10, 20, 50, 100 → stars 0, 1, 2, 3. */
function scaledKey(value: number, maximum: number, keys: readonly string[]): TargetChoice {
  const sorted = [...keys].sort((a, b) => Number(a) - Number(b));
  const index = Math.min(sorted.length - 1, Math.max(0, Math.round((value / maximum) * (sorted.length - 1))));
  return { literal: quoteString(sorted[index]!), score: MEANING_SCORE, reason: `${value} of 0..${maximum} scaled to ${sorted.length} steps` };
}

function fallbackEntry(target: ValueMapTarget, emptyRows: number, nullable: boolean): ProposedEntry | undefined {
  if (emptyRows === 0 && !nullable) return undefined;
  const rows = emptyRows > 0 ? `${emptyRows} rows without a value` : 'rows without a value';
  const comment = `${rows}, and values discovery did not see`;
  switch (target.kind) {
    case 'records':
      return { from: 'else', to: undefined, confirmed: false, comment };
    case 'selection': {
      const first = target.options[0];
      return first ? { from: 'else', to: quoteString(first[0]), confirmed: false, comment: `${comment}; "${first[1]}" is the first choice` } : undefined;
    }
    case 'boolean':
      return { from: 'else', to: 'true', confirmed: false, comment: `${comment}; kept active` };
  }
}

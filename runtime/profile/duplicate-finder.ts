import { compareText } from './format-tally.js';
import type { DuplicateCheck, DuplicateGroup } from './profile-types.js';

const KEYS_PER_GROUP = 20;

interface Group {
  count: number;
  keys: string[];
}

/**
 * Groups rows by a normalised value (an e-mail address, an E.164 number, a
 * name) and returns the groups of two or more rows: duplicate candidates.
 * At most `maxDistinct` values are kept; a value first seen after that is
 * not grouped, and the result marks the check as capped.
 */
export class DuplicateFinder {
  // A value seen once keeps only its first key, as a string, to save memory.
  private readonly values = new Map<string, string | Group>();
  private notNormalised = 0;
  private capped = false;

  constructor(
    private readonly by: DuplicateCheck['by'],
    private readonly columns: readonly string[],
    private readonly maxDistinct: number,
  ) {}

  /** Adds one row; `normalised` is undefined when the row's value could not be normalised. */
  add(normalised: string | undefined, key: string): void {
    if (normalised === undefined) {
      this.notNormalised += 1;
      return;
    }
    const entry = this.values.get(normalised);
    if (entry === undefined) {
      if (this.values.size >= this.maxDistinct) this.capped = true;
      else this.values.set(normalised, key);
    } else if (typeof entry === 'string') {
      this.values.set(normalised, { count: 2, keys: [entry, key] });
    } else {
      entry.count += 1;
      if (entry.keys.length < KEYS_PER_GROUP) entry.keys.push(key);
    }
  }

  result(): DuplicateCheck {
    const groups: DuplicateGroup[] = [];
    for (const [value, entry] of this.values) {
      if (typeof entry !== 'string') groups.push({ value, count: entry.count, keys: entry.keys });
    }
    groups.sort((left, right) => right.count - left.count || compareText(left.value, right.value));
    return {
      by: this.by,
      columns: this.columns,
      groups,
      rowsInGroups: groups.reduce((sum, group) => sum + group.count, 0),
      notNormalised: this.notNormalised,
      capped: this.capped,
    };
  }
}

/**
 * Returns the form two spellings of the same name share: accents removed,
 * lower case, single spaces. `Zoë  van Dijk ` and `zoe Van Dijk` become
 * `zoe van dijk`. Scripts without case or accents (Arabic, Hebrew) pass
 * through unchanged apart from spacing.
 */
export function normaliseName(parts: readonly (string | null | undefined)[]): string | undefined {
  const joined = parts
    .map((part) => part ?? '')
    .join(' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  return joined === '' ? undefined : joined;
}

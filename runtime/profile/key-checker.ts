import type { SourceRecord } from '../sources/source.js';
import { compareText } from './format-tally.js';
import type { KeyProblems } from './profile-types.js';

const EXAMPLES = 3;

/** The keys of an object's source, for orphan checks: whether a key exists, unless the set was capped. */
export interface KeyLookup {
  readonly capped: boolean;
  has(joinedKey: string): boolean;
}

/**
 * Collects an object's business keys and finds empty and duplicate ones. Keys
 * compare trimmed, as the loader compares them. At most `maxDistinct` keys are
 * kept; a duplicate of a key first seen after that goes unnoticed.
 */
export class KeyChecker implements KeyLookup {
  private readonly seen = new Set<string>();
  private readonly duplicates = new Map<string, number>();
  private readonly emptyKeyRows: number[] = [];
  private emptyKeys = 0;
  capped = false;

  constructor(
    private readonly key: readonly string[],
    private readonly maxDistinct: number,
  ) {}

  /** Adds one row and returns its key for display, `CONT-1` or `A / B`, or `row 17` when the key is empty. */
  add(record: SourceRecord, rowNumber: number): string {
    const parts = this.key.map((column) => record[column]?.trim() ?? '');
    if (parts.some((part) => part === '')) {
      this.emptyKeys += 1;
      if (this.emptyKeyRows.length < EXAMPLES) this.emptyKeyRows.push(rowNumber);
      return `row ${rowNumber}`;
    }

    const joined = parts.join('\u001f');
    if (this.seen.has(joined)) {
      this.duplicates.set(joined, (this.duplicates.get(joined) ?? 1) + 1);
    } else if (this.seen.size >= this.maxDistinct) {
      this.capped = true;
    } else {
      this.seen.add(joined);
    }
    return parts.join(' / ');
  }

  has(joinedKey: string): boolean {
    return this.seen.has(joinedKey);
  }

  result(): KeyProblems {
    const duplicated = [...this.duplicates].sort(([leftKey, left], [rightKey, right]) => right - left || compareText(leftKey, rightKey));
    return {
      key: this.key,
      emptyKeys: this.emptyKeys,
      emptyKeyRows: this.emptyKeyRows,
      duplicateKeys: duplicated.length,
      duplicateRows: duplicated.reduce((sum, [, count]) => sum + count - 1, 0),
      duplicateExamples: duplicated.slice(0, EXAMPLES).map(([key, count]) => ({ key: key.split('\u001f').join(' / '), count })),
      capped: this.capped,
    };
  }
}

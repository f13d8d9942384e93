import type { FormatClass } from './profile-types.js';

const EXAMPLES_PER_FORMAT = 3;
/** Formats kept apart per column; later ones are counted together, as free text yields a shape per value. */
const MAX_FORMATS = 30;
const OTHER: ValueFormat = { format: 'other', label: 'other formats', recognised: false };

/** A value's format as a classifier reports it. */
export interface ValueFormat {
  readonly format: string;
  readonly label: string;
  /** True when the value is of the classifier's kind (a valid or repairable phone number, date, ...). */
  readonly recognised: boolean;
}

/**
 * Counts the formats of one column's values for one kind, keeping the first
 * three distinct examples of each format in source order.
 */
export class FormatTally {
  private readonly formats = new Map<string, { label: string; count: number; examples: string[] }>();
  recognised = 0;

  add(value: string, classified: ValueFormat): void {
    if (classified.recognised) this.recognised += 1;
    const format = this.formats.has(classified.format) || this.formats.size < MAX_FORMATS ? classified : OTHER;
    let entry = this.formats.get(format.format);
    if (entry === undefined) {
      entry = { label: format.label, count: 0, examples: [] };
      this.formats.set(format.format, entry);
    }
    entry.count += 1;
    if (entry.examples.length < EXAMPLES_PER_FORMAT && !entry.examples.includes(value)) entry.examples.push(value);
  }

  /** Returns the formats, most frequent first, ties by format name. */
  result(): FormatClass[] {
    return [...this.formats]
      .map(([format, entry]) => ({ format, label: entry.label, count: entry.count, examples: entry.examples }))
      .sort((left, right) => right.count - left.count || compareText(left.format, right.format));
  }
}

/** Orders text by UTF-16 code units, independent of the locale. */
export function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

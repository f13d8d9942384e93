/**
 * The data-quality profile of a project's source rows, as `pmap profile`
 * reports it. Plain JSON, sorted the same way on every run, so two profiles
 * of the same rows are equal except `generatedAt`.
 */

/** The kind of values in a column, detected from its values and, as a hint, its name. */
export type ColumnKind = 'email' | 'phone' | 'date' | 'postcode' | 'text';

/** One way values of a column are written, with up to three examples. */
export interface FormatClass {
  /** Stable identifier, for example `e164` or `dd/MM/yyyy`. */
  readonly format: string;
  /** The format as a person reads it. */
  readonly label: string;
  readonly count: number;
  readonly examples: readonly string[];
}

export interface ColumnProfile {
  /** Pega property name as the spec reads it; `Alias.Column` for a joined table. */
  readonly column: string;
  readonly kind: ColumnKind;
  /** Rows whose value is null (absent, xsi:nil or SQL NULL). */
  readonly nulls: number;
  /** Rows whose value is empty or only whitespace. */
  readonly blanks: number;
  readonly leadingSpaces: number;
  readonly trailingSpaces: number;
  /** Distinct non-null values, exact up to the cap. */
  readonly distinct: number;
  /** True when the column had more distinct values than the cap, so `distinct` is a lower bound. */
  readonly distinctCapped: boolean;
  /** Length in UTF-16 code units of the longest value. */
  readonly maxLength: number;
  readonly lineBreaks: number;
  readonly htmlMarkup: number;
  readonly nonAscii: number;
  readonly rightToLeft: number;
  /** For a column of a detected kind: how its non-blank values are written, most frequent first. */
  readonly formats?: readonly FormatClass[];
  /** Column whose ISO country code decided phone regions and postcode rules, when there is one. */
  readonly countryColumn?: string;
}

export interface DuplicateGroup {
  /** The normalised value the rows share. */
  readonly value: string;
  readonly count: number;
  /** Keys of the rows, in source order; at most 20 are kept. */
  readonly keys: readonly string[];
}

export interface DuplicateCheck {
  readonly by: 'email' | 'phone' | 'name';
  readonly columns: readonly string[];
  /** Groups of two or more rows, largest first. */
  readonly groups: readonly DuplicateGroup[];
  /** Rows that belong to a group. */
  readonly rowsInGroups: number;
  /** Rows with a value that could not be normalised (a national phone number without a country). */
  readonly notNormalised: number;
  /** True when more distinct values came than the cap; values after it were not grouped. */
  readonly capped: boolean;
}

export interface OrphanExample {
  readonly value: string;
  /** Key of a row that contains the value. */
  readonly key: string;
}

export interface OrphanCheck {
  /** Odoo field whose expression contains the `ref`. */
  readonly field: string;
  /** Referenced object. */
  readonly object: string;
  /** Source columns the reference key is computed from. */
  readonly columns: readonly string[];
  /** `checked`, or why the check could not run. */
  readonly status: 'checked' | 'not-checked';
  readonly reason?: string;
  /** Rows with a non-empty reference. */
  readonly rowsWithValue: number;
  /** Rows whose reference is empty (null or blank). */
  readonly empty: number;
  /** Rows whose reference key could not be computed, because an expression in it rejected the row. */
  readonly uncomputable: number;
  /** Rows whose reference matches no key of the referenced object's source. */
  readonly orphanRows: number;
  readonly orphanValues: number;
  readonly examples: readonly OrphanExample[];
  /** True when more distinct reference values came than the cap; values after it were not checked. */
  readonly capped: boolean;
}

export interface KeyProblems {
  readonly key: readonly string[];
  /** Rows with a null or blank key part. */
  readonly emptyKeys: number;
  /** Row numbers (1-based, in source order) of the first rows with an empty key. */
  readonly emptyKeyRows: readonly number[];
  /** Distinct keys that occur on more than one row. */
  readonly duplicateKeys: number;
  /** Rows after the first of each duplicated key. */
  readonly duplicateRows: number;
  readonly duplicateExamples: ReadonlyArray<{ readonly key: string; readonly count: number }>;
  /** True when the object had more keys than the cap, so duplicates among later keys were not seen. */
  readonly capped: boolean;
}

export interface ObjectProfile {
  readonly object: string;
  readonly table: string;
  readonly specFile: string;
  readonly rows: number;
  /** Error message of a source that stopped before the last row. The other numbers then cover the rows read. */
  readonly readError?: string;
  /** Rows whose join key matched several rows of a joined table. */
  readonly ambiguousJoins: number;
  readonly keys: KeyProblems;
  readonly columns: readonly ColumnProfile[];
  readonly duplicates: readonly DuplicateCheck[];
  readonly orphans: readonly OrphanCheck[];
}

export interface ProfileReport {
  readonly pmapProfile: 1;
  /** Project name from pmap.yaml. */
  readonly project: string;
  /** The kind of source read, for example `BIX XML extract`. */
  readonly source: string;
  /** ISO time the profile was made; absent when timestamps are turned off. */
  readonly generatedAt?: string;
  /** Distinct values kept per column, per duplicate check and per key set. */
  readonly maxDistinct: number;
  readonly objects: readonly ObjectProfile[];
}

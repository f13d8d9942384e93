/**
 * A value as a Pega source delivers it: Pega's text form (BIX XML and CSV are
 * text, and the PostgreSQL connector renders columns the same way) or null
 * when the property is absent, empty-elemented with xsi:nil, or SQL NULL.
 */
export type SourceValue = string | null;

/** One Pega instance, keyed by property name (for example `pyStatusWork`). */
export type SourceRecord = Readonly<Record<string, SourceValue>>;

/** The Pega table (or class) one object reads, and its business key. */
export interface SourceTableRef {
  /** Table name as in `schemas/pega.json`, for example `data.pc_acme_cs_work`. */
  readonly table: string;
  /** Pega class stored in that table, when the schema records one. */
  readonly className?: string;
  /** Property names of the business key, in order. */
  readonly key: readonly string[];
  /**
   * For a delta run: only rows whose `property` (a Pega DateTime) is at or
   * after `from`, a UTC timestamp written `yyyy-MM-dd HH:mm:ss.SSS`. A
   * connector that cannot filter may return every row; pmap filters again.
   */
  readonly since?: { readonly property: string; readonly from: string };
}

/** Streams the records of Pega tables, one async iterator per table. */
export interface SourceConnector {
  read(table: SourceTableRef): AsyncIterable<SourceRecord>;
  close(): Promise<void>;
}

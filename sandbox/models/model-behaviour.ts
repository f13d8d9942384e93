// The behaviour of a model beyond its fields_get metadata: the parts of an
// Odoo model class (`_description`, `_order`, defaults, SQL constraints,
// computed fields, create and write overrides) that the sandbox emulates.

import type { Env } from '../orm/environment.js';
import type { Row, StoredValue } from '../record-store.js';

/** The foreign key's ON DELETE action on rows that reference a deleted record. */
export type OnDelete = 'restrict' | 'set null' | 'cascade';

/** A CHECK constraint from `_sql_constraints`, which PostgreSQL names `<table>_<name>`. */
export interface CheckConstraint {
  readonly kind: 'check';
  readonly name: string;
  readonly message: string;
  /** Whether the row violates the check. A check on NULL passes, as in SQL. */
  isViolated(row: Row): boolean;
}

/**
 * A UNIQUE constraint. With a message it comes from `_sql_constraints` and
 * PostgreSQL calls it `<table>_<name>`. Without one it is a unique index whose
 * violation Odoo reports with PostgreSQL's own text, and `name` is the index name.
 */
export interface UniqueConstraint {
  readonly kind: 'unique';
  readonly name: string;
  readonly columns: readonly string[];
  readonly message?: string;
}

export type SqlConstraint = CheckConstraint | UniqueConstraint;

/** Column values being written, converted to their stored form. */
export type ColumnValues = Record<string, StoredValue>;

export interface ModelBehaviour {
  readonly name: string;
  /** The model's `_description`, which appears in constraint error texts. */
  readonly description: string;
  /** The model's default `_order`. */
  readonly order: string;
  /** The field that names a record and that name_search searches. Defaults to `name`. */
  readonly recName?: string;
  /** Field defaults, applied on create to stored fields the caller left out. */
  readonly defaults?: Readonly<Record<string, (env: Env) => StoredValue>>;
  /** Required columns that the server fills itself, which the NOT NULL check skips. */
  readonly serverFilledColumns?: readonly string[];
  /** ON DELETE of many2one columns. Unless listed, a required many2one restricts and others set null. */
  readonly onDelete?: Readonly<Record<string, OnDelete>>;
  readonly sqlConstraints?: readonly SqlConstraint[];
  /** `_inherits`: fields related through this many2one live on the parent model's record. */
  readonly delegation?: { readonly model: string; readonly field: string };
  /** The many2one to the parent record, for `child_of` and `parent_of`. */
  readonly parentField?: string;
  /** Computes `display_name`. Without it the rec name field is the display name. */
  displayName?(env: Env, row: Row): string;
  /** Non-stored computed fields that the sandbox computes on read and search. */
  readonly computedFields?: Readonly<Record<string, (env: Env, row: Row) => StoredValue>>;
  /** Non-stored writable fields: converts a written value into column values. */
  readonly inverseFields?: Readonly<Record<string, (value: StoredValue, columns: ColumnValues) => void>>;
  /** Normalises written values, as a create or write override does (e.g. website URLs). */
  cleanValues?(env: Env, columns: ColumnValues): void;
  /** Fills stored computed fields of a row about to be inserted. `given` names the fields the caller sent. */
  prepareCreate?(env: Env, row: ColumnValues, given: ReadonlySet<string>): void;
  /** Adds the side effects of a write to the changes of one row. */
  prepareWrite?(env: Env, current: Row, changes: ColumnValues): void;
  /** Recomputes stored fields that depend on other records, after create or write. */
  recompute?(env: Env, ids: readonly number[]): void;
  /** Python constraints (`@api.constrains`), checked after create or write. */
  validate?(env: Env, ids: readonly number[]): void;
  /** Side effects of a create override that run after the records exist (e.g. reloading the registry). */
  afterCreate?(env: Env, ids: readonly number[]): void;
  /** Side effects of a write override that run after the records changed. */
  afterWrite?(env: Env, ids: readonly number[]): void;
  /** Checks and side effects of an unlink override, run before the records are deleted. */
  beforeUnlink?(env: Env, ids: readonly number[]): void;
}

// The environment of one ORM call, like Odoo's `self.env`: who calls, with
// which context, on which tables.

import type { ModelRegistry } from '../model-registry.js';
import type { OdooSeries } from '../odoo-series.js';
import type { RecordStore } from '../record-store.js';

/** ORM operations that model behaviours may call on other models. */
export interface OrmOperations {
  create(env: Env, model: string, vals: Record<string, unknown>): number;
  write(env: Env, model: string, ids: readonly number[], vals: Record<string, unknown>): void;
  unlink(env: Env, model: string, ids: readonly number[]): void;
}

export interface Env {
  readonly registry: ModelRegistry;
  readonly store: RecordStore;
  readonly orm: OrmOperations;
  readonly uid: number;
  readonly context: Readonly<Record<string, unknown>>;
  /** The transaction time in UTC, as Odoo stores datetimes: `YYYY-MM-DD HH:MM:SS`. */
  readonly now: string;
  /** The company of the calling user. */
  readonly companyId: number;
  /** The Odoo release whose texts and rules the call follows. */
  readonly series: OdooSeries;
  /** Checks the values of a create or write before they are stored; fault injection uses it. */
  readonly checkValues?: (model: string, values: Readonly<Record<string, unknown>>) => void;
}

/** Formats a time as Odoo stores datetimes: UTC, no zone, whole seconds. */
export function formatOdooDatetime(time: Date): string {
  return time.toISOString().slice(0, 19).replace('T', ' ');
}

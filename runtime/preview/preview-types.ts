import type { RejectCode } from '../reject.js';

/**
 * A value in a sample record, as a reviewer reads it: scalars as Odoo stores
 * them (`false` is an empty field), and links as the record they point to.
 */
export type SampleValue = string | number | boolean | RecordReference | readonly RecordReference[];

/** A linked record; `id` is null for a record that this run would create. */
export interface RecordReference {
  readonly model: string;
  readonly id: number | null;
  readonly name: string;
}

export interface FieldChange {
  readonly field: string;
  readonly before: SampleValue;
  readonly after: SampleValue;
}

/** A record the run would create, with the values of its first write. */
export interface CreateSample {
  readonly key: string;
  readonly externalId: string;
  readonly values: Readonly<Record<string, SampleValue>>;
}

/** A record the run would write, with every field that changes. */
export interface UpdateSample {
  readonly key: string;
  readonly externalId: string;
  /** The Odoo id of the record written. */
  readonly id: number;
  readonly changes: readonly FieldChange[];
}

export interface RejectExample {
  readonly key: string;
  readonly message: string;
}

export interface PreviewRejectGroup {
  readonly code: RejectCode;
  readonly summary: string;
  readonly count: number;
  readonly examples: readonly RejectExample[];
}

/** A source value that no entry of a value map covers. */
export interface UncoveredValue {
  /** The source value as text, or null for an empty one. */
  readonly value: string | null;
  /** Source rows with this value. */
  readonly count: number;
  /** `else`: the map's `else` target is sent; `passed`: the value is sent as it is; `rejected`: the record is rejected. */
  readonly outcome: 'else' | 'passed' | 'rejected';
  /** The value sent instead, for `else`. */
  readonly sent?: string | number | boolean | null;
}

export interface ValueMapCoverage {
  readonly map: string;
  /** The Odoo field whose expression uses the map. */
  readonly field: string;
  /** The source values that reach no entry, most frequent first. */
  readonly uncovered: readonly UncoveredValue[];
  /** Distinct uncovered values left out of `uncovered` to keep the preview short. */
  readonly moreValues: number;
}

export interface PreviewCounts {
  readonly sourceRows: number;
  readonly create: number;
  readonly update: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly deduplicated: number;
}

/**
 * The state of one object's preview:
 * - `computed`: every record was computed,
 * - `blocked`: some owners have no Odoo user,
 * - `skipped`: an object it references could not be computed,
 * - `failed`: computing stopped on an error,
 * - `not-computed`: reference data is missing, so no record can be computed.
 */
export type ObjectStatus = 'computed' | 'blocked' | 'skipped' | 'failed' | 'not-computed';

export interface ObjectPreview {
  readonly object: string;
  readonly model: string;
  readonly table: string;
  /** Position in the load order, from 1; objects on one level do not depend on each other. */
  readonly level: number;
  readonly dependsOn: readonly string[];
  readonly status: ObjectStatus;
  /** The reason the object was not computed; present unless the status is `computed`. */
  readonly reason?: string;
  readonly counts: PreviewCounts;
  /** Existing Odoo records a `match` rule would adopt (counted in update or unchanged); present when the spec has one. */
  readonly adopted?: number;
  readonly samples: {
    readonly create: readonly CreateSample[];
    readonly update: readonly UpdateSample[];
  };
  /** Records pmap's own rules reject, by reason, largest group first (dedupe removals are counted apart). */
  readonly rejects: readonly PreviewRejectGroup[];
  readonly valueMaps: readonly ValueMapCoverage[];
}

export interface CustomFieldToAdd {
  readonly model: string;
  readonly name: string;
  readonly type: string;
  readonly label: string;
}

/** The preview of a whole plan against one Odoo: what `pmap apply` would do, computed without writing. */
export interface PlanPreview {
  readonly pmapPlanPreview: 1;
  readonly odooVersion: string;
  readonly objects: readonly ObjectPreview[];
  readonly totals: Omit<PreviewCounts, 'sourceRows'>;
  readonly customFields: {
    readonly toAdd: readonly CustomFieldToAdd[];
    /** Custom fields that exist in Odoo with another type; apply stops on them. */
    readonly conflicts: readonly string[];
  };
  /** Records the specs name that Odoo lacks or has more than once; apply stops on them. */
  readonly referenceData: { readonly missing: readonly string[] };
  /** Absent when no spec calls owner(...). */
  readonly owners?: {
    readonly operators: number;
    readonly unresolved: number;
    readonly fallback: string | null;
    /** Objects that cannot load because some of their owners have no Odoo user, with the operators. */
    readonly blocked: ReadonlyArray<{ readonly object: string; readonly reason: string }>;
  };
  /** True when apply would create or write anything, including custom fields. */
  readonly hasChanges: boolean;
  /** True when apply would stop or leave objects out: missing reference data, conflicts, blocked or failed objects. */
  readonly hasErrors: boolean;
}

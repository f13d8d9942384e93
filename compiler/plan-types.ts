import type { OdooFieldType, PegaColumnType } from '../runtime/schema-types.js';

/**
 * The compiled form of an expression, evaluated by the runtime per record.
 * Every node kind is handled by `runtime/evaluate-expression.ts`; adding one
 * there is enforced by an exhaustive switch.
 */
export type PlanExpression =
  | { readonly op: 'column'; readonly name: string; readonly type: PegaColumnType }
  | { readonly op: 'literal'; readonly value: string | number | boolean | null }
  | { readonly op: 'call'; readonly fn: BuiltinFunction; readonly args: readonly PlanExpression[] }
  | { readonly op: 'ref'; readonly object: string; readonly args: readonly PlanExpression[] }
  | { readonly op: 'map'; readonly map: string; readonly arg: PlanExpression };

export type BuiltinFunction = 'trim' | 'lower' | 'upper' | 'join' | 'coalesce';

/** One Odoo field a phase writes, and how its value is computed. */
export interface PlanField {
  readonly field: string;
  readonly type: OdooFieldType;
  readonly relation?: string;
  readonly expression: PlanExpression;
}

/** One object's load: read a Pega table, compute fields, upsert into one Odoo model. */
export interface PlanPhase {
  readonly object: string;
  readonly model: string;
  readonly source: {
    readonly table: string;
    readonly className: string;
    readonly key: readonly string[];
  };
  /** Objects whose records this phase references; they load first. */
  readonly dependsOn: readonly string[];
  /** Phases with the same level have no dependency between them and may run in parallel. */
  readonly level: number;
  readonly batchSize: number;
  /** External ids are `<module>.<prefix>__<encoded key>`. */
  readonly externalId: { readonly module: string; readonly prefix: string };
  readonly fields: readonly PlanField[];
  /** Spec file, relative to the project, for messages. */
  readonly specFile: string;
}

export interface PlanValueMap {
  /** Targets are names of records of this model, resolved to ids before loading. */
  readonly targetModel?: string;
  readonly entries: ReadonlyArray<readonly [string | number | boolean | null, string | number | boolean | null]>;
  /** Value for source values no entry covers; absent means such a record is rejected. */
  readonly otherwise?: { readonly value: string | number | boolean | null };
}

/**
 * The execution plan. Deterministic: no timestamps, no absolute paths, keys
 * written in sorted order, so identical inputs give byte-identical plans.
 */
export interface Plan {
  readonly pmapPlan: 1;
  readonly fingerprints: {
    readonly specs: string;
    readonly pegaSchema: string;
    readonly odooSchema: string;
  };
  readonly phases: readonly PlanPhase[];
  readonly valueMaps: Readonly<Record<string, PlanValueMap>>;
}

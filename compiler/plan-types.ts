import type { OdooFieldType, PegaColumnType } from '../runtime/schema-types.js';

import type { BuiltinFunction } from './builtin-functions.js';

export type { BuiltinFunction };

/** A literal as it appears in a plan. */
export type PlanLiteral = string | number | boolean | null;

/**
 * The compiled form of an expression, evaluated by the runtime per record.
 * Every node kind is handled by `runtime/evaluate-expression.ts`; adding one
 * there is enforced by an exhaustive switch.
 */
export type PlanExpression =
  | { readonly op: 'column'; readonly name: string; readonly type: PegaColumnType }
  | { readonly op: 'literal'; readonly value: PlanLiteral }
  | {
      readonly op: 'call';
      readonly fn: BuiltinFunction;
      readonly args: readonly PlanExpression[];
      /** Named arguments; always literals, checked when the spec compiles. */
      readonly options?: Readonly<Record<string, PlanLiteral>>;
    }
  | { readonly op: 'ref'; readonly object: string; readonly args: readonly PlanExpression[] }
  /** The id of the one record of `model` whose `field` equals the value; resolved before loading. */
  | { readonly op: 'lookup'; readonly model: string; readonly field: string; readonly value: PlanExpression }
  | { readonly op: 'map'; readonly map: string; readonly arg: PlanExpression }
  /** The Odoo user (res.users id) who owns the record: the Pega operator id resolved through owners.yaml before loading. */
  | {
      readonly op: 'owner';
      readonly operator: PlanExpression;
      /**
       * `partner` (from `owner_partner(...)`): the user's res.partner id
       * instead, or null when the operator has no user. resolveOwners leaves
       * such operators out of the blocked objects.
       */
      readonly target?: 'partner';
    }
  | {
      readonly op: 'compare';
      readonly operator: '==' | '!=' | '<' | '<=' | '>' | '>=';
      /** Numbers compare by value, everything else as text. */
      readonly as: 'number' | 'text';
      readonly left: PlanExpression;
      readonly right: PlanExpression;
    }
  | { readonly op: 'and' | 'or'; readonly left: PlanExpression; readonly right: PlanExpression }
  | { readonly op: 'not'; readonly operand: PlanExpression }
  | { readonly op: 'isNull'; readonly operand: PlanExpression; readonly negated: boolean }
  | { readonly op: 'if'; readonly condition: PlanExpression; readonly then: PlanExpression; readonly otherwise: PlanExpression }
  | {
      readonly op: 'case';
      readonly subject?: PlanExpression;
      readonly branches: ReadonlyArray<{ readonly when: PlanExpression; readonly then: PlanExpression }>;
      readonly otherwise?: PlanExpression;
    };

/** One Odoo field a phase writes, and how its value is computed. */
export interface PlanField {
  readonly field: string;
  readonly type: OdooFieldType;
  readonly relation?: string;
  readonly expression: PlanExpression;
  /**
   * Written after every record of the phase exists, because the expression
   * refers to records of the same object (a parent company).
   */
  readonly secondPass?: true;
}

/** A validator, run on the values about to be sent. */
export type PlanValidator =
  | { readonly kind: 'require'; readonly fields: readonly string[] }
  | { readonly kind: 'email' | 'phone' | 'unique'; readonly field: string }
  | { readonly kind: 'matches'; readonly field: string; readonly pattern: string }
  | { readonly kind: 'length' | 'range'; readonly field: string; readonly min: number; readonly max: number };

/** Of the source records with equal keys, only the one `keep` picks loads; the others are removed by cleansing. */
export interface PlanDedupe {
  readonly keys: readonly PlanExpression[];
  readonly keep: 'first' | 'last' | 'latest' | 'earliest';
  readonly orderBy?: string;
}

/** A table joined to a phase's records: its row whose `joinedColumn` equals the record's `localColumn` adds `alias.Column` values. */
export interface PlanJoin {
  readonly table: string;
  readonly className: string;
  readonly alias: string;
  readonly localColumn: string;
  readonly joinedColumn: string;
}

/** A custom `x_` field the spec declares; pmap creates it in Odoo before loading when it is missing. */
export interface PlanCustomField {
  readonly model: string;
  readonly name: string;
  readonly type: 'char' | 'text' | 'html' | 'integer' | 'float' | 'boolean' | 'date' | 'datetime' | 'selection';
  readonly label: string;
  readonly selection?: ReadonlyArray<readonly [string, string]>;
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
  /** `upsert` writes changed records again; `create-only` leaves records that already carry an external id alone. */
  readonly mode: 'upsert' | 'create-only';
  /** Adopt an existing Odoo record whose field equals the computed value, when the record has no external id yet. */
  readonly match?: { readonly field: string };
  readonly dedupe?: PlanDedupe;
  readonly validators: readonly PlanValidator[];
  readonly joins?: readonly PlanJoin[];
  /** Cleansing rules, applied in order to each source record before anything else reads it. */
  readonly cleansing?: ReadonlyArray<{ readonly column: string; readonly expression: PlanExpression }>;
  /**
   * The `where` filters as one condition: a source row for which it does not
   * hold is not the object's, and is counted as filtered.
   */
  readonly where?: PlanExpression;
  /** Spec file, relative to the project, for messages. */
  readonly specFile: string;
}

export interface PlanValueMap {
  /** Targets are names of records of this model, resolved to ids before loading. */
  readonly targetModel?: string;
  readonly entries: ReadonlyArray<readonly [PlanLiteral, PlanLiteral]>;
  /**
   * Result for a source value no entry covers: a value, the source value
   * itself (`pass`), or a rejected record (`error`, also when absent).
   */
  readonly otherwise?: { readonly value: PlanLiteral } | { readonly fallback: 'pass' | 'error' };
}

/** The Pega operator table `owner(...)` resolves through, from the `owners:` section of pmap.yaml. */
export interface PlanOwners {
  readonly table: string;
  readonly className: string;
  readonly idColumn: string;
  readonly emailColumn: string;
  readonly nameColumn: string;
  /** A true/false column that is `true` for operators who left. */
  readonly disabledColumn?: string;
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
  /** The state store's serial when `pmap plan --out` saved the plan; absent in a plan made in memory. */
  readonly stateSerial?: number;
  readonly phases: readonly PlanPhase[];
  readonly valueMaps: Readonly<Record<string, PlanValueMap>>;
  readonly customFields: readonly PlanCustomField[];
  /** Present when pmap.yaml has an `owners:` section. */
  readonly owners?: PlanOwners;
}

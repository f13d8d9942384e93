import type { Span } from '../compiler/diagnostic.js';

/** A name as written in a spec, with where it was written. */
export interface Name {
  readonly text: string;
  readonly span: Span;
}

export type Literal =
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'null'; readonly span: Span };

export type BinaryOperator = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface NamedArgument {
  readonly name: Name;
  readonly value: Expression;
}

export interface CaseBranch {
  readonly when: Expression;
  readonly then: Expression;
}

/**
 * An expression on the right of a field assignment. A bare name is a column
 * reference; a name followed by arguments is a call of a built-in function or
 * of a value map. `ref(...)` is a call too: the compiler gives it its meaning.
 */
export type Expression =
  | { readonly kind: 'literal'; readonly literal: Literal; readonly span: Span }
  | { readonly kind: 'name'; readonly name: Name; readonly span: Span }
  | {
      readonly kind: 'call';
      readonly callee: Name;
      readonly args: readonly Expression[];
      readonly namedArgs: readonly NamedArgument[];
      readonly span: Span;
    }
  | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: Expression; readonly right: Expression; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Expression; readonly span: Span }
  | { readonly kind: 'isNull'; readonly operand: Expression; readonly negated: boolean; readonly span: Span }
  | { readonly kind: 'if'; readonly condition: Expression; readonly then: Expression; readonly otherwise: Expression; readonly span: Span }
  | {
      readonly kind: 'case';
      /** With a subject, each `when` is a value compared with it; without, each `when` is a condition. */
      readonly subject: Expression | undefined;
      readonly branches: readonly CaseBranch[];
      readonly otherwise: Expression | undefined;
      readonly span: Span;
    };

export interface Assignment {
  readonly kind: 'assignment';
  readonly field: Name;
  readonly value: Expression;
  readonly span: Span;
  /** The `?` before a proposed line that nobody has accepted yet; `pmap check` rejects it (PM330). */
  readonly unconfirmed?: Span;
}

/** Object options: how records are written. */
export type ObjectOption =
  | { readonly kind: 'batch'; readonly size: number; readonly span: Span }
  | { readonly kind: 'mode'; readonly mode: 'upsert' | 'create-only'; readonly span: Span }
  /** Adopt an existing Odoo record whose field equals the computed value, instead of creating one. */
  | { readonly kind: 'match'; readonly field: Name; readonly span: Span };

/** `custom field x_name: type "Label"`: an `x_` field pmap creates in Odoo when it is missing. */
export interface CustomFieldDeclaration {
  readonly name: Name;
  readonly fieldType: Name;
  readonly label: string | undefined;
  readonly selection: ReadonlyArray<readonly [string, string]>;
  readonly span: Span;
  /** The `?` before a proposed declaration that nobody has accepted yet. */
  readonly unconfirmed?: Span;
}

export type DedupeKeep = 'first' | 'last' | 'latest' | 'earliest';

/** `dedupe by <keys> keep <policy>`: of the records sharing the keys, one loads. */
export interface DedupeRule {
  readonly keys: readonly Expression[];
  readonly keep: DedupeKeep;
  /** The column `latest` and `earliest` order by. */
  readonly orderBy: Name | undefined;
  readonly span: Span;
}

export type CheckRule =
  | { readonly kind: 'email' | 'phone' | 'unique' }
  | { readonly kind: 'matches'; readonly pattern: string }
  | { readonly kind: 'length' | 'range'; readonly min: number; readonly max: number };

/** Validators run on the values about to be sent; a record that fails one is rejected. */
export type Validator =
  | { readonly kind: 'require'; readonly fields: readonly Name[]; readonly span: Span }
  | { readonly kind: 'check'; readonly field: Name; readonly rule: CheckRule; readonly span: Span };

/**
 * `with pega table <table> as <Alias> on <Column> = <Alias>.<Column>`: a
 * second table whose row with the matching key adds `Alias.Column` values to
 * each record (a left join).
 */
export interface JoinClause {
  readonly table: Name;
  readonly alias: Name;
  /** Column of the object's own table. */
  readonly localColumn: Name;
  /** `Alias.Column` of the joined table, as written. */
  readonly joinedColumn: Name;
  readonly span: Span;
}

/**
 * `clean <Column> = <expression>`: a cleansing rule that rewrites a source
 * column before anything else reads it (dedupe keys, refs, lookups, fields).
 */
export interface CleanRule {
  readonly column: Name;
  readonly value: Expression;
  readonly span: Span;
}

/**
 * `where <condition>`: only the rows of the object's table for which the
 * condition holds belong to the object; the others are counted as filtered.
 */
export interface RowFilter {
  readonly condition: Expression;
  readonly span: Span;
}

export interface ImportDeclaration {
  readonly kind: 'import';
  /** Path of the imported spec file, relative to the importing file. */
  readonly path: string;
  readonly span: Span;
}

export interface ObjectDeclaration {
  readonly kind: 'object';
  readonly name: Name;
  /** Pega table (`data.pc_work`), or Pega class when `sourceKind` is `class`. */
  readonly table: Name;
  /** `from pega table …` or `from pega class …`: a class names the table whose schema entry stores it. */
  readonly sourceKind: 'table' | 'class';
  /** Business key properties; more than one for a composite key. */
  readonly key: readonly Name[];
  /** Odoo model, for example `crm.lead`. */
  readonly model: Name;
  readonly assignments: readonly Assignment[];
  readonly options: readonly ObjectOption[];
  readonly customFields: readonly CustomFieldDeclaration[];
  readonly dedupe: readonly DedupeRule[];
  readonly validators: readonly Validator[];
  readonly joins: readonly JoinClause[];
  readonly cleansing: readonly CleanRule[];
  readonly filters: readonly RowFilter[];
  readonly span: Span;
}

/**
 * Fallback of an `else` entry other than a value: `error` rejects the record
 * naming the value, and `pass` keeps the source value unchanged.
 */
export type ValueMapFallback = { readonly kind: 'error' | 'pass'; readonly span: Span };

/**
 * The `?` of a proposed value map target: `=> ?"Won"` proposes a target, and
 * `=> ?` alone marks a value that still has none.
 */
export interface UnconfirmedTarget {
  readonly span: Span;
  /** True for `=> ?` alone. The entry's `to` is then a null literal at the `?`, so that checks can run on. */
  readonly missing: boolean;
}

export interface ValueMapEntry {
  /** `undefined` for the `else` entry. */
  readonly from: Literal | undefined;
  readonly to: Literal | ValueMapFallback;
  readonly span: Span;
  readonly unconfirmed?: UnconfirmedTarget;
}

export interface ValueMapDeclaration {
  readonly kind: 'values';
  readonly name: Name;
  /** When present, targets are record names of this model (`-> crm.stage`). */
  readonly targetModel: Name | undefined;
  readonly entries: readonly ValueMapEntry[];
  readonly span: Span;
}

export type Declaration = ObjectDeclaration | ValueMapDeclaration;

/** One parsed `.pmap` file. */
export interface SpecFile {
  readonly file: string;
  readonly imports: readonly ImportDeclaration[];
  readonly declarations: readonly Declaration[];
}

export function isValueMapFallback(to: Literal | ValueMapFallback): to is ValueMapFallback {
  return to.kind === 'error' || to.kind === 'pass';
}

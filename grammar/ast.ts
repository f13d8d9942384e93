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
}

export interface ObjectDeclaration {
  readonly kind: 'object';
  readonly name: Name;
  /** Pega table, for example `data.pc_work`. */
  readonly table: Name;
  /** Business key properties; more than one for a composite key. */
  readonly key: readonly Name[];
  /** Odoo model, for example `crm.lead`. */
  readonly model: Name;
  readonly assignments: readonly Assignment[];
  readonly span: Span;
}

/**
 * What an `else` entry does besides giving a value: `error` rejects the
 * record naming the value, `pass` keeps the source value unchanged.
 */
export type ValueMapFallback = { readonly kind: 'error' | 'pass'; readonly span: Span };

export interface ValueMapEntry {
  /** `undefined` for the `else` entry. */
  readonly from: Literal | undefined;
  readonly to: Literal | ValueMapFallback;
  readonly span: Span;
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
  readonly declarations: readonly Declaration[];
}

export function isValueMapFallback(to: Literal | ValueMapFallback): to is ValueMapFallback {
  return to.kind === 'error' || to.kind === 'pass';
}

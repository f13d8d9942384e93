import type { PlanExpression, PlanValueMap } from '../compiler/plan-types.js';
import type { SourceRecord } from './sources/source.js';
import { evaluateCall } from './evaluate-call.js';
import { reject } from './reject.js';
import { parseDecimal } from './transforms/parse-functions.js';

/** A link to a record of another object, resolved through its external id after evaluation. */
export interface PendingReference {
  readonly ref: string;
  readonly key: readonly string[];
}

type Scalar = string | number | boolean | null;
/** A value during evaluation: a scalar, a ref awaiting its id, a list of texts (split) or of ids (lookup of a list). */
export type EvaluatedValue = Scalar | PendingReference | readonly string[] | readonly number[];

export interface EvaluationContext {
  readonly valueMaps: Readonly<Record<string, PlanValueMap>>;
  /** Value maps with a target model: target name → Odoo id, resolved before loading. */
  readonly resolvedTargets: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** `lookup` results by `model\0field`, then by value; resolved before loading. Absent while they are being collected. */
  readonly lookups?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** `owner` results: Pega operator id → res.users id, resolved before loading. */
  readonly owners?: ReadonlyMap<string, number>;
  /** `owner_partner` results: Pega operator id → the res.partner id of its user; an operator without one gives null. */
  readonly ownerPartners?: ReadonlyMap<string, number>;
}

export function isPendingReference(value: EvaluatedValue): value is PendingReference {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'ref' in value;
}

function scalar(value: EvaluatedValue): Scalar {
  // The checker allows refs and lists only where their result is assigned to a field.
  if (isPendingReference(value) || Array.isArray(value)) throw new Error('internal error in pmap: a ref or a list was used as a value');
  return value as Scalar;
}

function textOf(value: EvaluatedValue): string | null {
  const plain = scalar(value);
  return plain === null ? null : String(plain);
}

/** Computes one expression for one record; throws `RecordRejected` when the record cannot load. */
export function evaluateExpression(expression: PlanExpression, record: SourceRecord, context: EvaluationContext): EvaluatedValue {
  const evaluate = (inner: PlanExpression) => evaluateExpression(inner, record, context);

  switch (expression.op) {
    case 'column':
      return record[expression.name] ?? null;
    case 'literal':
      return expression.value;
    case 'call':
      return evaluateCall(expression, expression.args.map((argument) => scalar(evaluate(argument))));
    case 'ref':
      return evaluateRef(expression, record, context);
    case 'map':
      return evaluateMap(expression, record, context);
    case 'lookup': {
      const value = evaluate(expression.value);
      const resolve = (text: string): number => {
        const id = context.lookups?.get(`${expression.model}\u0000${expression.field}`)?.get(text);
        // Every value in the source is resolved before loading, so a miss is a bug.
        if (id === undefined) throw new Error(`internal error in pmap: lookup(${expression.model}, ${expression.field}: ${text}) was not resolved`);
        return id;
      };
      if (Array.isArray(value)) return (value as readonly string[]).map(resolve);
      const text = scalar(value);
      return text === null || text === '' ? null : resolve(String(text));
    }
    case 'owner':
      if (expression.target === 'partner') return evaluateOwnerPartner(textOf(evaluate(expression.operator)), context);
      return evaluateOwner(textOf(evaluate(expression.operator)), context);
    case 'compare':
      return compare(expression, scalar(evaluate(expression.left)), scalar(evaluate(expression.right)));
    case 'and':
      return isTrue(evaluate(expression.left)) && isTrue(evaluate(expression.right));
    case 'or':
      return isTrue(evaluate(expression.left)) || isTrue(evaluate(expression.right));
    case 'not':
      return !isTrue(evaluate(expression.operand));
    case 'isNull': {
      const value = scalar(evaluate(expression.operand));
      const isNull = value === null || value === '';
      return expression.negated ? !isNull : isNull;
    }
    case 'if':
      return isTrue(evaluate(expression.condition)) ? evaluate(expression.then) : evaluate(expression.otherwise);
    case 'case':
      return evaluateCase(expression, evaluate);
  }
}

/** Tests a condition: true or Pega's text `true` hold; null and everything else do not. */
function isTrue(value: EvaluatedValue): boolean {
  return value === true || value === 'true';
}

/**
 * Compares two values. Null equals only null (so `==` with one null side is
 * false and `!=` true), and an ordering with a null side is false.
 */
function compare(expression: Extract<PlanExpression, { op: 'compare' }>, left: Scalar, right: Scalar): boolean {
  const leftNull = left === null || left === '';
  const rightNull = right === null || right === '';
  if (leftNull || rightNull) {
    if (expression.operator === '==') return leftNull && rightNull;
    if (expression.operator === '!=') return leftNull !== rightNull;
    return false;
  }

  let order: number;
  if (expression.as === 'number') {
    const a = typeof left === 'number' ? left : parseDecimal(String(left));
    const b = typeof right === 'number' ? right : parseDecimal(String(right));
    if (a === null || b === null) return expression.operator === '!=';
    order = a - b;
  } else {
    const a = String(left);
    const b = String(right);
    // Code-unit order, as Pega's text values (ids, yyyyMMdd dates) sort.
    if (a === b) order = 0;
    else order = a < b ? -1 : 1;
  }

  switch (expression.operator) {
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function evaluateCase(expression: Extract<PlanExpression, { op: 'case' }>, evaluate: (inner: PlanExpression) => EvaluatedValue): EvaluatedValue {
  const subject = expression.subject ? textOf(evaluate(expression.subject)) : undefined;
  for (const branch of expression.branches) {
    const when = evaluate(branch.when);
    const matches = expression.subject ? textOf(when) === subject : isTrue(when);
    if (matches) return evaluate(branch.then);
  }
  return expression.otherwise ? evaluate(expression.otherwise) : null;
}

function evaluateOwner(operator: string | null, context: EvaluationContext): number | null {
  const id = operator?.trim();
  if (!id) return null;
  const userId = context.owners?.get(id);
  // A phase starts only when every operator its records name is resolved, so a miss is a bug.
  if (userId === undefined) throw new Error(`internal error in pmap: the owner of operator ${JSON.stringify(id)} was not resolved`);
  return userId;
}

function evaluateOwnerPartner(operator: string | null, context: EvaluationContext): number | null {
  const id = operator?.trim();
  if (!id) return null;
  return context.ownerPartners?.get(id) ?? null;
}

function evaluateRef(expression: Extract<PlanExpression, { op: 'ref' }>, record: SourceRecord, context: EvaluationContext): EvaluatedValue {
  const key = expression.args.map((argument) => textOf(evaluateExpression(argument, record, context)));
  if (key.some((part) => part === null || part.trim() === '')) return null;
  return { ref: expression.object, key: key as string[] };
}

function evaluateMap(expression: Extract<PlanExpression, { op: 'map' }>, record: SourceRecord, context: EvaluationContext): EvaluatedValue {
  const valueMap = context.valueMaps[expression.map]!;
  const source = scalar(evaluateExpression(expression.arg, record, context));
  const sourceText = source === null ? null : String(source);
  const entry = valueMap.entries.find(([from]) => (from === null ? sourceText === null : String(from) === sourceText));

  let target: Scalar;
  if (entry) target = entry[1];
  else if (valueMap.otherwise && 'value' in valueMap.otherwise) target = valueMap.otherwise.value;
  else if (valueMap.otherwise?.fallback === 'pass') return source;
  else {
    const column = expression.arg.op === 'column' ? expression.arg.name : 'the value';
    return reject(
      'unmapped-value',
      `${column} ${JSON.stringify(sourceText)} is not in value map ${expression.map}`,
      `${column} value not in value map ${expression.map}`,
    );
  }

  if (!valueMap.targetModel || target === null) return target;
  const id = context.resolvedTargets.get(expression.map)?.get(String(target));
  // Targets are resolved for every entry before loading starts, so a miss is a bug.
  if (id === undefined) throw new Error(`internal error in pmap: value map ${expression.map} target ${String(target)} was not resolved`);
  return id;
}

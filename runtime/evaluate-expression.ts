import type { PlanExpression, PlanValueMap } from '../compiler/plan-types.js';
import type { SourceRecord } from './sources/source.js';
import { reject } from './reject.js';

/** A link to a record of another object, resolved through its external id after evaluation. */
export interface PendingReference {
  readonly ref: string;
  readonly key: readonly string[];
}

export type EvaluatedValue = string | number | boolean | null | PendingReference;

export interface EvaluationContext {
  readonly valueMaps: Readonly<Record<string, PlanValueMap>>;
  /** Value maps with a target model: target name → Odoo id, resolved before loading. */
  readonly resolvedTargets: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export function isPendingReference(value: EvaluatedValue): value is PendingReference {
  return typeof value === 'object' && value !== null && 'ref' in value;
}

/** Computes one expression for one record; throws `RecordRejected` when the record cannot load. */
export function evaluateExpression(expression: PlanExpression, record: SourceRecord, context: EvaluationContext): EvaluatedValue {
  switch (expression.op) {
    case 'column':
      return record[expression.name] ?? null;
    case 'literal':
      return expression.value;
    case 'call':
      return evaluateCall(expression, record, context);
    case 'ref':
      return evaluateRef(expression, record, context);
    case 'map':
      return evaluateMap(expression, record, context);
  }
}

function textOf(value: EvaluatedValue): string | null {
  if (value === null || isPendingReference(value)) return null;
  return String(value);
}

function evaluateCall(expression: Extract<PlanExpression, { op: 'call' }>, record: SourceRecord, context: EvaluationContext): EvaluatedValue {
  const args = expression.args.map((argument) => evaluateExpression(argument, record, context));
  switch (expression.fn) {
    case 'trim':
      return textOf(args[0] ?? null)?.trim() ?? null;
    case 'lower':
      return textOf(args[0] ?? null)?.toLowerCase() ?? null;
    case 'upper':
      return textOf(args[0] ?? null)?.toUpperCase() ?? null;
    case 'join': {
      const [separator, ...parts] = args.map(textOf);
      const present = parts.filter((part): part is string => part !== null && part !== '');
      return present.length > 0 ? present.join(separator ?? '') : null;
    }
    case 'coalesce':
      return args.find((value) => value !== null && value !== '') ?? null;
  }
}

function evaluateRef(expression: Extract<PlanExpression, { op: 'ref' }>, record: SourceRecord, context: EvaluationContext): EvaluatedValue {
  const key = expression.args.map((argument) => textOf(evaluateExpression(argument, record, context)));
  if (key.some((part) => part === null || part.trim() === '')) return null;
  return { ref: expression.object, key: key as string[] };
}

function evaluateMap(expression: Extract<PlanExpression, { op: 'map' }>, record: SourceRecord, context: EvaluationContext): EvaluatedValue {
  const valueMap = context.valueMaps[expression.map]!;
  const source = evaluateExpression(expression.arg, record, context);
  const sourceText = textOf(source);
  const entry = valueMap.entries.find(([from]) => (from === null ? sourceText === null : String(from) === sourceText));

  let target: string | number | boolean | null;
  if (entry) target = entry[1];
  else if (valueMap.otherwise) target = valueMap.otherwise.value;
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

import type { Expression, Literal, ObjectDeclaration } from '../grammar/ast.js';
import type { OdooSchema, PegaTable } from '../runtime/schema-types.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMeanHint } from './did-you-mean.js';
import type { BuiltinFunction, PlanExpression } from './plan-types.js';
import type { SymbolTable } from './symbols.js';
import { columnValueType, describeValueType, type ValueType } from './value-type.js';

export type LiteralValue = string | number | boolean | null;

/** A checked expression: its compiled form, its type, and the literal values it can take when known. */
export interface CheckedExpression {
  readonly plan: PlanExpression;
  readonly type: ValueType;
  /** Present when every possible value is a literal in the spec (a literal, or a value map without a target model). */
  readonly literals?: ReadonlyArray<{ readonly value: LiteralValue; readonly literal: Literal }>;
  /** Objects this expression references through `ref`. */
  readonly references: readonly string[];
}

const builtinFunctions: Record<BuiltinFunction, { minArgs: number; maxArgs: number; usage: string }> = {
  trim: { minArgs: 1, maxArgs: 1, usage: 'trim(Column)' },
  lower: { minArgs: 1, maxArgs: 1, usage: 'lower(Column)' },
  upper: { minArgs: 1, maxArgs: 1, usage: 'upper(Column)' },
  join: { minArgs: 2, maxArgs: Number.POSITIVE_INFINITY, usage: 'join(" ", FirstName, LastName)' },
  coalesce: { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, usage: 'coalesce(Mobile, Phone, "unknown")' },
};

function isBuiltin(name: string): name is BuiltinFunction {
  return Object.hasOwn(builtinFunctions, name);
}

/** What an expression of one object may refer to. */
export interface ExpressionScope {
  readonly object: ObjectDeclaration;
  readonly table: PegaTable | undefined;
  readonly symbols: SymbolTable;
  readonly odooSchema: OdooSchema;
  readonly pegaTables: Readonly<Record<string, PegaTable>>;
  readonly diagnostics: Diagnostic[];
}

const unknown: ValueType = { kind: 'unknown' };

export function literalValue(literal: Literal): LiteralValue {
  return literal.kind === 'null' ? null : literal.value;
}

function literalType(literal: Literal): ValueType {
  switch (literal.kind) {
    case 'string':
      return { kind: 'text' };
    case 'number':
      return Number.isInteger(literal.value) ? { kind: 'integer' } : { kind: 'decimal' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'null':
      return { kind: 'null' };
  }
}

export function checkExpression(expression: Expression, scope: ExpressionScope): CheckedExpression {
  switch (expression.kind) {
    case 'literal': {
      const value = literalValue(expression.literal);
      return {
        plan: { op: 'literal', value },
        type: literalType(expression.literal),
        literals: [{ value, literal: expression.literal }],
        references: [],
      };
    }
    case 'name':
      return checkColumn(expression, scope);
    case 'call':
      return checkCall(expression, scope);
  }
}

function checkColumn(expression: Extract<Expression, { kind: 'name' }>, scope: ExpressionScope): CheckedExpression {
  const name = expression.name.text;
  const fallback: CheckedExpression = { plan: { op: 'column', name, type: 'text' }, type: unknown, references: [] };
  if (!scope.table) return fallback;

  const column = scope.table.columns[name];
  if (!column) {
    const valueMap = scope.symbols.valueMaps.get(name);
    scope.diagnostics.push({
      code: 'PM202',
      severity: 'error',
      message: `unknown column \`${name}\` in Pega table ${scope.object.table.text}`,
      span: expression.name.span,
      hint: valueMap
        ? `\`${name}\` is a value map; apply it to a column: ${name}(Column)`
        : didYouMeanHint(name, Object.keys(scope.table.columns), `the table's columns are listed in schemas/pega.json`),
    });
    return fallback;
  }
  return { plan: { op: 'column', name, type: column.type }, type: columnValueType(column.type), references: [] };
}

function checkCall(expression: Extract<Expression, { kind: 'call' }>, scope: ExpressionScope): CheckedExpression {
  const name = expression.callee.text;
  if (name === 'ref') return checkRef(expression, scope);
  if (isBuiltin(name)) return checkBuiltin(name, expression, scope);

  const valueMap = scope.symbols.valueMaps.get(name);
  if (valueMap) return checkValueMapCall(expression, scope);

  const candidates = [...Object.keys(builtinFunctions), 'ref', ...scope.symbols.valueMaps.keys()];
  scope.diagnostics.push({
    code: 'PM206',
    severity: 'error',
    message: `unknown function or value map \`${name}\``,
    span: expression.callee.span,
    hint: didYouMeanHint(name, candidates, `the functions are ${Object.keys(builtinFunctions).join(', ')} and ref; value maps are declared with \`values\``),
  });
  for (const argument of expression.args) checkExpression(argument, scope);
  return { plan: { op: 'literal', value: null }, type: unknown, references: [] };
}

function arityProblem(
  expression: Extract<Expression, { kind: 'call' }>,
  minArgs: number,
  maxArgs: number,
  usage: string,
  scope: ExpressionScope,
): boolean {
  const count = expression.args.length;
  if (count >= minArgs && count <= maxArgs) return false;
  const expected = minArgs === maxArgs ? `${minArgs}` : maxArgs === Number.POSITIVE_INFINITY ? `at least ${minArgs}` : `${minArgs} to ${maxArgs}`;
  scope.diagnostics.push({
    code: 'PM210',
    severity: 'error',
    message: `\`${expression.callee.text}\` takes ${expected} argument${expected === '1' ? '' : 's'}, got ${count}`,
    span: expression.span,
    hint: `write it as ${usage}`,
  });
  return true;
}

function checkBuiltin(fn: BuiltinFunction, expression: Extract<Expression, { kind: 'call' }>, scope: ExpressionScope): CheckedExpression {
  const signature = builtinFunctions[fn];
  const args = expression.args.map((argument) => checkExpression(argument, scope));
  const references = args.flatMap((argument) => argument.references);
  const plan: PlanExpression = { op: 'call', fn, args: args.map((argument) => argument.plan) };
  if (arityProblem(expression, signature.minArgs, signature.maxArgs, signature.usage, scope)) {
    return { plan, type: unknown, references };
  }

  args.forEach((argument, index) => {
    if (argument.type.kind !== 'record') return;
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `\`${fn}\` takes text, but argument ${index + 1} is ${describeValueType(argument.type)}`,
      span: expression.args[index]!.span,
      hint: 'a ref can only be assigned to a many2one field',
    });
  });

  if (fn !== 'coalesce') return { plan, type: { kind: 'text' }, references };
  return { plan, type: coalesceType(expression, args, scope), references };
}

/** coalesce returns its first non-null argument, so all arguments must share one type. */
function coalesceType(expression: Extract<Expression, { kind: 'call' }>, args: CheckedExpression[], scope: ExpressionScope): ValueType {
  let result: ValueType = { kind: 'null' };
  args.forEach((argument, index) => {
    const type = argument.type;
    if (type.kind === 'null' || type.kind === 'unknown') return;
    if (result.kind === 'null') {
      result = type;
      return;
    }
    if (sameType(result, type) || (isNumber(result) && isNumber(type))) return;
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `coalesce mixes ${describeValueType(result)} and ${describeValueType(type)}`,
      span: expression.args[index]!.span,
      hint: 'give coalesce arguments of one type, for example only text columns and string literals',
    });
  });
  return result;
}

function isNumber(type: ValueType): boolean {
  return type.kind === 'integer' || type.kind === 'decimal';
}

function sameType(a: ValueType, b: ValueType): boolean {
  if (a.kind === 'record' && b.kind === 'record') return a.model === b.model;
  return a.kind === b.kind;
}

function checkRef(expression: Extract<Expression, { kind: 'call' }>, scope: ExpressionScope): CheckedExpression {
  const fallback: CheckedExpression = { plan: { op: 'literal', value: null }, type: unknown, references: [] };
  const [target, ...keyArgs] = expression.args;
  if (!target || target.kind !== 'name') {
    scope.diagnostics.push({
      code: 'PM304',
      severity: 'error',
      message: 'the first argument of ref must name an object',
      span: target?.span ?? expression.span,
      hint: 'write ref(Object, KeyColumn), for example ref(Company, OrganizationID)',
    });
    return fallback;
  }

  const targetName = target.name.text;
  const targetObject = scope.symbols.objects.get(targetName);
  const args = keyArgs.map((argument) => checkExpression(argument, scope));
  if (!targetObject) {
    scope.diagnostics.push({
      code: 'PM205',
      severity: 'error',
      message: `unknown object \`${targetName}\` in ref`,
      span: target.name.span,
      hint: didYouMeanHint(targetName, scope.symbols.objects.keys(), 'ref names an object declared with `object` in one of the spec files'),
    });
    return fallback;
  }

  const keyCount = targetObject.key.length;
  if (args.length !== keyCount) {
    const keyNames = targetObject.key.map((key) => key.text).join(', ');
    scope.diagnostics.push({
      code: 'PM210',
      severity: 'error',
      message: `ref(${targetName}, …) takes ${keyCount} key value${keyCount === 1 ? '' : 's'} (${keyNames}), got ${args.length}`,
      span: expression.span,
      hint: `pass the columns of this table that hold ${targetName}'s key, in the order ${keyNames}`,
    });
    return fallback;
  }

  return {
    plan: { op: 'ref', object: targetName, args: args.map((argument) => argument.plan) },
    type: { kind: 'record', model: targetObject.model.text },
    references: [targetName, ...args.flatMap((argument) => argument.references)],
  };
}

function checkValueMapCall(expression: Extract<Expression, { kind: 'call' }>, scope: ExpressionScope): CheckedExpression {
  const name = expression.callee.text;
  const valueMap = scope.symbols.valueMaps.get(name)!;
  const args = expression.args.map((argument) => checkExpression(argument, scope));
  const references = args.flatMap((argument) => argument.references);
  if (arityProblem(expression, 1, 1, `${name}(Column)`, scope)) {
    return { plan: { op: 'literal', value: null }, type: unknown, references };
  }

  const plan: PlanExpression = { op: 'map', map: name, arg: args[0]!.plan };
  if (valueMap.targetModel) {
    return { plan, type: { kind: 'record', model: valueMap.targetModel.text }, references };
  }

  const literals = valueMap.entries.map((entry) => ({ value: literalValue(entry.to), literal: entry.to }));
  const types = literals.map((entry) => literalType(entry.literal)).filter((type) => type.kind !== 'null');
  const type = types[0] ?? { kind: 'null' as const };
  return { plan, type, literals, references };
}

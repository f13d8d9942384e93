import { isValueMapFallback, type Expression, type Literal, type ObjectDeclaration } from '../grammar/ast.js';
import type { OdooSchema, PegaTable } from '../runtime/schema-types.js';
import { checkBuiltinCall } from './check-builtin-call.js';
import { checkOwnerCall } from './check-owner.js';
import { splitAlias } from './check-joins.js';
import type { Diagnostic, Span } from './diagnostic.js';
import { didYouMeanHint } from './did-you-mean.js';
import { builtinFunctions, isBuiltin } from './builtin-functions.js';
import type { PlanExpression, PlanLiteral } from './plan-types.js';
import type { SymbolTable } from './symbols.js';
import { isCondition, unifyTypes } from './type-unification.js';
import { columnValueType, describeValueType, isRecordKind, type ValueType } from './value-type.js';

export type LiteralValue = PlanLiteral;

/** A literal value an expression can produce, and where the spec wrote it. */
export interface PossibleLiteral {
  readonly value: LiteralValue;
  readonly literal: Literal;
}

/** A checked expression: its compiled form, its type, and the literal values it can take when known. */
export interface CheckedExpression {
  readonly plan: PlanExpression;
  readonly type: ValueType;
  /** Present when every possible value is a literal in the spec (a literal, a value map without a target model, or branches of those). */
  readonly literals?: readonly PossibleLiteral[];
  /** Objects this expression references through `ref`. */
  readonly references: readonly string[];
}

/** Names an expression of one object may refer to: its table, joined tables, objects and value maps. */
export interface ExpressionScope {
  readonly object: ObjectDeclaration;
  readonly table: PegaTable | undefined;
  readonly symbols: SymbolTable;
  readonly odooSchema: OdooSchema;
  readonly pegaTables: Readonly<Record<string, PegaTable>>;
  /** Tables joined with `with pega table … as Alias`, by alias. */
  readonly joinedTables?: ReadonlyMap<string, PegaTable>;
  readonly diagnostics: Diagnostic[];
}

const unknown: ValueType = { kind: 'unknown' };

export function literalValue(literal: Literal): LiteralValue {
  return literal.kind === 'null' ? null : literal.value;
}

export function literalType(literal: Literal): ValueType {
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
      return { plan: { op: 'literal', value }, type: literalType(expression.literal), literals: [{ value, literal: expression.literal }], references: [] };
    }
    case 'name':
      return checkColumn(expression, scope);
    case 'call':
      return checkCall(expression, scope);
    case 'binary':
      return expression.operator === 'and' || expression.operator === 'or'
        ? checkLogical(expression, expression.operator, scope)
        : checkComparison(expression, expression.operator, scope);
    case 'not': {
      const operand = checkExpression(expression.operand, scope);
      requireCondition(operand, expression.operand.span, 'not', scope);
      return { plan: { op: 'not', operand: operand.plan }, type: { kind: 'boolean' }, references: operand.references };
    }
    case 'isNull': {
      const operand = checkExpression(expression.operand, scope);
      return { plan: { op: 'isNull', operand: operand.plan, negated: expression.negated }, type: { kind: 'boolean' }, references: operand.references };
    }
    case 'if':
      return checkIf(expression, scope);
    case 'case':
      return checkCase(expression, scope);
  }
}

function checkColumn(expression: Extract<Expression, { kind: 'name' }>, scope: ExpressionScope): CheckedExpression {
  const name = expression.name.text;
  const fallback: CheckedExpression = { plan: { op: 'column', name, type: 'text' }, type: unknown, references: [] };
  if (!scope.table) return fallback;

  const [alias, joinedName] = splitAlias(name);
  const joined = scope.joinedTables?.get(alias);
  if (joined && joinedName) {
    const joinedColumn = joined.columns[joinedName];
    if (joinedColumn) return { plan: { op: 'column', name, type: joinedColumn.type }, type: columnValueType(joinedColumn.type), references: [] };
    scope.diagnostics.push({
      code: 'PM202',
      severity: 'error',
      message: `unknown column \`${joinedName}\` in the joined table ${alias}`,
      span: expression.name.span,
      hint: didYouMeanHint(joinedName, Object.keys(joined.columns), `the columns of ${alias}'s table are listed in schemas/pega.json`),
    });
    return fallback;
  }

  const column = scope.table.columns[name];
  if (!column) {
    const isValueMap = scope.symbols.valueMaps.has(name);
    scope.diagnostics.push({
      code: 'PM202',
      severity: 'error',
      message: `unknown column \`${name}\` in Pega table ${scope.object.table.text}`,
      span: expression.name.span,
      hint: isValueMap
        ? `\`${name}\` is a value map; apply it to a column: ${name}(Column)`
        : didYouMeanHint(
            name,
            Object.keys(scope.table.columns),
            'the table\'s columns are listed in schemas/pega.json. A property that is not a column lives only in the pzPVStream BLOB, which pmap does not decode: read it from a BIX extract or the DX API (source.kind bix or dx)',
          ),
    });
    return fallback;
  }
  return { plan: { op: 'column', name, type: column.type }, type: columnValueType(column.type), references: [] };
}

export function requireCondition(checked: CheckedExpression, span: Span, where: string, scope: ExpressionScope): void {
  if (isCondition(checked.type)) return;
  scope.diagnostics.push({
    code: 'PM211',
    severity: 'error',
    message: `${where} needs a condition, but this is ${describeValueType(checked.type)}`,
    span,
    hint: 'write a comparison (Status == "Open"), a null test (Email is null), or a true/false column',
  });
}

function checkLogical(expression: Extract<Expression, { kind: 'binary' }>, operator: 'and' | 'or', scope: ExpressionScope): CheckedExpression {
  const left = checkExpression(expression.left, scope);
  const right = checkExpression(expression.right, scope);
  requireCondition(left, expression.left.span, `\`${operator}\``, scope);
  requireCondition(right, expression.right.span, `\`${operator}\``, scope);
  return { plan: { op: operator, left: left.plan, right: right.plan }, type: { kind: 'boolean' }, references: [...left.references, ...right.references] };
}

function checkComparison(
  expression: Extract<Expression, { kind: 'binary' }>,
  operator: '==' | '!=' | '<' | '<=' | '>' | '>=',
  scope: ExpressionScope,
): CheckedExpression {
  const left = checkExpression(expression.left, scope);
  const right = checkExpression(expression.right, scope);
  const references = [...left.references, ...right.references];
  const joined = unifyTypes(left.type, right.type);
  if (!joined || isRecordKind(joined.kind) || joined.kind === 'list') {
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `cannot compare ${describeValueType(left.type)} with ${describeValueType(right.type)}`,
      span: expression.span,
      hint: joined ? 'compare the key columns instead of ref results' : 'compare values of one type; parse text first with integer(...), decimal(...) or date(...)',
    });
  }
  const as = joined && (joined.kind === 'integer' || joined.kind === 'decimal') ? 'number' : 'text';
  return { plan: { op: 'compare', operator, as, left: left.plan, right: right.plan }, type: { kind: 'boolean' }, references };
}

/** Joins branch types and literal sets; reports branches whose types do not join. */
function joinBranches(branches: ReadonlyArray<{ checked: CheckedExpression; span: Span }>, what: string, scope: ExpressionScope): { type: ValueType; literals?: PossibleLiteral[] } {
  let type: ValueType = { kind: 'null' };
  for (const branch of branches) {
    const joined = unifyTypes(type, branch.checked.type);
    if (joined) {
      type = joined;
      continue;
    }
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `the branches of ${what} give ${describeValueType(type)} and ${describeValueType(branch.checked.type)}`,
      span: branch.span,
      hint: 'give every branch a value of one type',
    });
    type = unknown;
  }
  const literals = branches.every((branch) => branch.checked.literals) ? branches.flatMap((branch) => branch.checked.literals!) : undefined;
  return literals ? { type, literals } : { type };
}

function checkIf(expression: Extract<Expression, { kind: 'if' }>, scope: ExpressionScope): CheckedExpression {
  const condition = checkExpression(expression.condition, scope);
  requireCondition(condition, expression.condition.span, '`if`', scope);
  const then = checkExpression(expression.then, scope);
  const otherwise = checkExpression(expression.otherwise, scope);
  const joined = joinBranches([{ checked: then, span: expression.then.span }, { checked: otherwise, span: expression.otherwise.span }], '`if`', scope);
  return {
    plan: { op: 'if', condition: condition.plan, then: then.plan, otherwise: otherwise.plan },
    ...joined,
    references: [...condition.references, ...then.references, ...otherwise.references],
  };
}

function checkCase(expression: Extract<Expression, { kind: 'case' }>, scope: ExpressionScope): CheckedExpression {
  const subject = expression.subject ? checkExpression(expression.subject, scope) : undefined;
  const references = [...(subject?.references ?? [])];
  const results: Array<{ checked: CheckedExpression; span: Span }> = [];
  const branches: Array<{ when: PlanExpression; then: PlanExpression }> = [];

  for (const branch of expression.branches) {
    const when = checkExpression(branch.when, scope);
    if (subject) {
      if (!unifyTypes(subject.type, when.type)) {
        scope.diagnostics.push({
          code: 'PM211',
          severity: 'error',
          message: `case compares ${describeValueType(subject.type)} with ${describeValueType(when.type)}`,
          span: branch.when.span,
          hint: 'write `when` values of the subject\'s type',
        });
      }
    } else {
      requireCondition(when, branch.when.span, '`when`', scope);
    }
    const then = checkExpression(branch.then, scope);
    references.push(...when.references, ...then.references);
    results.push({ checked: then, span: branch.then.span });
    branches.push({ when: when.plan, then: then.plan });
  }

  const otherwise = expression.otherwise ? checkExpression(expression.otherwise, scope) : undefined;
  if (otherwise && expression.otherwise) {
    references.push(...otherwise.references);
    results.push({ checked: otherwise, span: expression.otherwise.span });
  }
  const joined = joinBranches(results, '`case`', scope);
  // Without else, an uncovered value gives null, which is a possible value too.
  const literals = joined.literals && !otherwise ? undefined : joined.literals;
  return {
    plan: { op: 'case', ...(subject ? { subject: subject.plan } : {}), branches, ...(otherwise ? { otherwise: otherwise.plan } : {}) },
    type: joined.type,
    ...(literals ? { literals } : {}),
    references,
  };
}

function checkCall(expression: Extract<Expression, { kind: 'call' }>, scope: ExpressionScope): CheckedExpression {
  const name = expression.callee.text;
  if (name === 'ref' || name === 'record_id') return checkRef(expression, scope);
  if (name === 'lookup') return checkLookup(expression, scope);
  if (name === 'owner' || name === 'owner_partner') return checkOwnerCall(expression, scope);
  if (isBuiltin(name)) return checkBuiltinCall(name, expression, scope);
  if (scope.symbols.valueMaps.has(name)) return checkValueMapCall(expression, scope);

  const candidates = [...Object.keys(builtinFunctions), 'ref', 'record_id', 'lookup', 'owner', 'owner_partner', ...scope.symbols.valueMaps.keys()];
  scope.diagnostics.push({
    code: 'PM206',
    severity: 'error',
    message: `unknown function or value map \`${name}\``,
    span: expression.callee.span,
    hint: didYouMeanHint(name, candidates, 'docs/language.md lists the functions; value maps are declared with `values`'),
  });
  for (const argument of expression.args) checkExpression(argument, scope);
  return { plan: { op: 'literal', value: null }, type: unknown, references: [] };
}

export function reportArity(expression: Extract<Expression, { kind: 'call' }>, minArgs: number, maxArgs: number, usage: string, scope: ExpressionScope): boolean {
  const count = expression.args.length;
  if (count >= minArgs && count <= maxArgs) return false;
  let expected = `${minArgs} to ${maxArgs}`;
  if (minArgs === maxArgs) expected = `${minArgs}`;
  else if (maxArgs === Number.POSITIVE_INFINITY) expected = `at least ${minArgs}`;
  scope.diagnostics.push({
    code: 'PM210',
    severity: 'error',
    message: `\`${expression.callee.text}\` takes ${expected} argument${expected === '1' ? '' : 's'}, got ${count}`,
    span: expression.span,
    hint: `write it as ${usage}`,
  });
  return true;
}

export function reportNamedArguments(expression: Extract<Expression, { kind: 'call' }>, scope: ExpressionScope): void {
  for (const named of expression.namedArgs) {
    scope.diagnostics.push({
      code: 'PM210',
      severity: 'error',
      message: `\`${expression.callee.text}\` takes no named argument \`${named.name.text}\``,
      span: named.name.span,
      hint: 'remove the named argument',
    });
  }
}

/**
 * `ref(Object, key…)` gives the record the other object loaded for the key,
 * for a many2one field. `record_id(Object, key…)` gives the same record's
 * bare id, for a field that names the model elsewhere (a many2one_reference
 * such as mail.message.res_id) or an integer field.
 */
function checkRef(expression: Extract<Expression, { kind: 'call' }>, scope: ExpressionScope): CheckedExpression {
  const fallback: CheckedExpression = { plan: { op: 'literal', value: null }, type: unknown, references: [] };
  const callee = expression.callee.text;
  reportNamedArguments(expression, scope);
  const [target, ...keyArgs] = expression.args;
  if (!target || target.kind !== 'name') {
    scope.diagnostics.push({
      code: 'PM304',
      severity: 'error',
      message: `the first argument of ${callee} must name an object`,
      span: target?.span ?? expression.span,
      hint: `write ${callee}(Object, KeyColumn), for example ${callee}(Company, OrganizationID)`,
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
      message: `unknown object \`${targetName}\` in ${callee}`,
      span: target.name.span,
      hint: didYouMeanHint(targetName, scope.symbols.objects.keys(), `${callee} names an object declared with \`object\` in one of the spec files`),
    });
    return fallback;
  }

  const keyCount = targetObject.key.length;
  if (args.length !== keyCount) {
    const keyNames = targetObject.key.map((key) => key.text).join(', ');
    scope.diagnostics.push({
      code: 'PM210',
      severity: 'error',
      message: `${callee}(${targetName}, …) takes ${keyCount} key value${keyCount === 1 ? '' : 's'} (${keyNames}), got ${args.length}`,
      span: expression.span,
      hint: `pass the columns of this table that hold ${targetName}'s key, in the order ${keyNames}`,
    });
    return fallback;
  }

  return {
    plan: { op: 'ref', object: targetName, args: args.map((argument) => argument.plan) },
    type: { kind: callee === 'record_id' ? 'recordId' : 'record', model: targetObject.model.text },
    references: [targetName, ...args.flatMap((argument) => argument.references)],
  };
}

/**
 * `lookup(res.country, code: CountryCode)`: reference data already in Odoo,
 * found by one field. The value must match exactly one record; pmap checks
 * every value in the source before loading.
 */
function checkLookup(expression: Extract<Expression, { kind: 'call' }>, scope: ExpressionScope): CheckedExpression {
  const fallback: CheckedExpression = { plan: { op: 'literal', value: null }, type: unknown, references: [] };
  const [target, ...extra] = expression.args;
  const usage = 'write lookup(model, field: value), for example lookup(res.country, code: CountryCode)';
  if (!target || target.kind !== 'name' || extra.length > 0 || expression.namedArgs.length !== 1) {
    scope.diagnostics.push({
      code: 'PM210',
      severity: 'error',
      message: 'lookup takes a model and one named argument: the field to match and its value',
      span: expression.span,
      hint: usage,
    });
    return fallback;
  }

  const modelName = target.name.text;
  const model = scope.odooSchema.models[modelName];
  if (!model) {
    scope.diagnostics.push({
      code: 'PM203',
      severity: 'error',
      message: `unknown Odoo model \`${modelName}\` in lookup`,
      span: target.name.span,
      hint: didYouMeanHint(modelName, Object.keys(scope.odooSchema.models), 'the models are listed in schemas/odoo.json; run `pmap discover odoo` after adding the lookup'),
    });
    return fallback;
  }

  const named = expression.namedArgs[0]!;
  const field = model.fields[named.name.text];
  if (!field) {
    scope.diagnostics.push({
      code: 'PM204',
      severity: 'error',
      message: `unknown field \`${named.name.text}\` on Odoo model ${modelName}`,
      span: named.name.span,
      hint: didYouMeanHint(named.name.text, Object.keys(model.fields), usage),
    });
    return fallback;
  }
  const value = checkExpression(named.value, scope);
  if (isRecordKind(value.type.kind)) {
    scope.diagnostics.push({ code: 'PM211', severity: 'error', message: 'lookup matches a field against a value, not a record', span: named.value.span, hint: usage });
    return fallback;
  }
  // A list (from split) looks up every element and gives a list of records, for a many2many field.
  const many = value.type.kind === 'list';
  return {
    plan: { op: 'lookup', model: modelName, field: named.name.text, value: value.plan },
    type: { kind: many ? 'records' : 'record', model: modelName },
    references: value.references,
  };
}

function checkValueMapCall(expression: Extract<Expression, { kind: 'call' }>, scope: ExpressionScope): CheckedExpression {
  const name = expression.callee.text;
  const valueMap = scope.symbols.valueMaps.get(name)!;
  reportNamedArguments(expression, scope);
  const args = expression.args.map((argument) => checkExpression(argument, scope));
  const references = args.flatMap((argument) => argument.references);
  if (reportArity(expression, 1, 1, `${name}(Column)`, scope)) {
    return { plan: { op: 'literal', value: null }, type: unknown, references };
  }

  const plan: PlanExpression = { op: 'map', map: name, arg: args[0]!.plan };
  if (valueMap.targetModel) {
    return { plan, type: { kind: 'record', model: valueMap.targetModel.text }, references };
  }

  const literals: PossibleLiteral[] = [];
  for (const entry of valueMap.entries) {
    if (isValueMapFallback(entry.to)) continue;
    literals.push({ value: literalValue(entry.to), literal: entry.to });
  }
  const passes = valueMap.entries.some((entry) => entry.to.kind === 'pass');
  const types = literals.map((entry) => literalType(entry.literal)).filter((type) => type.kind !== 'null');
  const type = passes ? args[0]!.type : (types[0] ?? { kind: 'null' as const });
  // `else => pass` lets source values through, so the possible values are no longer only literals.
  return passes ? { plan, type, references } : { plan, type, literals, references };
}

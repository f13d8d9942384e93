import { isSupportedCountry } from 'libphonenumber-js';
import { IANAZone } from 'luxon';
import type { Expression } from '../grammar/ast.js';
import { builtinFunctions, type BuiltinFunction } from './builtin-functions.js';
import { checkExpression, reportArity, type CheckedExpression, type ExpressionScope, type PossibleLiteral } from './check-expression.js';
import { didYouMeanHint } from './did-you-mean.js';
import type { PlanLiteral } from './plan-types.js';
import { unifyTypes } from './type-unification.js';
import { describeValueType, isRecordKind, type ValueType } from './value-type.js';

type Call = Extract<Expression, { kind: 'call' }>;

/** Checks a call of the transform library: arity, argument types, literal arguments and named options. */
export function checkBuiltinCall(fn: BuiltinFunction, expression: Call, scope: ExpressionScope): CheckedExpression {
  const signature = builtinFunctions[fn];
  const args = expression.args.map((argument) => checkExpression(argument, scope));
  const references = args.flatMap((argument) => argument.references);
  const options = checkNamedArguments(fn, expression, scope);
  const plan = { op: 'call' as const, fn, args: args.map((argument) => argument.plan), ...(options ? { options } : {}) };
  if (reportArity(expression, signature.minArgs, signature.maxArgs, signature.usage, scope)) {
    return { plan, type: { kind: 'unknown' }, references };
  }

  args.forEach((argument, index) => checkArgument(fn, expression, argument, index, scope));
  if (signature.returns !== 'same') return { plan, type: { kind: signature.returns }, references };

  let type: ValueType = { kind: 'null' };
  for (const [index, argument] of args.entries()) {
    const joined = unifyTypes(type, argument.type);
    if (joined) {
      type = joined;
      continue;
    }
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `${fn} mixes ${describeValueType(type)} and ${describeValueType(argument.type)}`,
      span: expression.args[index]!.span,
      hint: `give ${fn} arguments of one type, for example only text columns and string literals`,
    });
    type = { kind: 'unknown' };
    break;
  }
  const literals: PossibleLiteral[] | undefined = args.every((argument) => argument.literals) ? args.flatMap((argument) => argument.literals!) : undefined;
  return { plan, type, ...(literals && fn !== 'nullif' ? { literals } : {}), references };
}

function checkArgument(fn: BuiltinFunction, expression: Call, argument: CheckedExpression, index: number, scope: ExpressionScope): void {
  const signature = builtinFunctions[fn];
  const accepted = signature.accepts[Math.min(index, signature.accepts.length - 1)]!;
  const span = expression.args[index]!.span;
  if (argument.type.kind !== 'unknown' && !accepted.includes(argument.type.kind)) {
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `argument ${index + 1} of ${fn} must be ${accepted.filter((kind) => kind !== 'null').join(' or ')}, but it is ${describeValueType(argument.type)}`,
      span,
      hint: isRecordKind(argument.type.kind) ? 'a record or record id can only be assigned to a field as it is' : `write it as ${signature.usage}`,
    });
    return;
  }
  if (!signature.literalArgs?.includes(index)) return;

  if (argument.plan.op !== 'literal') {
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `argument ${index + 1} of ${fn} must be a literal written in the spec`,
      span,
      hint: `write it as ${signature.usage}`,
    });
    return;
  }
  if (fn === 'regex_extract' && index === 1) checkRegex(String(argument.plan.value), span, scope);
}

function checkRegex(pattern: string, span: Call['span'], scope: ExpressionScope): void {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`,
      span,
      hint: 'patterns use JavaScript regular expression syntax; escape a backslash in a string as \\\\',
    });
  }
}

function checkNamedArguments(fn: BuiltinFunction, expression: Call, scope: ExpressionScope): Record<string, PlanLiteral> | undefined {
  const allowed = builtinFunctions[fn].named ?? {};
  const options: Record<string, PlanLiteral> = {};
  for (const named of expression.namedArgs) {
    const name = named.name.text;
    const parameter = allowed[name];
    if (!parameter) {
      const names = Object.keys(allowed);
      scope.diagnostics.push({
        code: 'PM210',
        severity: 'error',
        message: `${fn} takes no named argument \`${name}\``,
        span: named.name.span,
        hint: names.length > 0 ? didYouMeanHint(name, names, `its named arguments are ${names.join(', ')}`) : `${fn} takes no named arguments`,
      });
      continue;
    }

    const value = named.value.kind === 'literal' ? named.value.literal : undefined;
    const matchesType = value && ((parameter.type === 'string' && value.kind === 'string') || (parameter.type === 'number' && value.kind === 'number'));
    if (!value || !matchesType) {
      scope.diagnostics.push({
        code: 'PM211',
        severity: 'error',
        message: `${name}: must be a ${parameter.type} literal`,
        span: named.value.span,
        hint: parameter.description,
      });
      continue;
    }
    const text = String(value.value);
    const problem = namedValueProblem(name, text, parameter.values);
    if (problem) {
      scope.diagnostics.push({ code: 'PM211', severity: 'error', message: problem, span: named.value.span, hint: parameter.description });
      continue;
    }
    options[name] = value.value;
  }
  return Object.keys(options).length > 0 ? options : undefined;
}

function namedValueProblem(name: string, value: string, values: readonly string[] | undefined): string | undefined {
  if (values && !values.includes(value)) return `${name}: "${value}" is not one of ${values.map((entry) => `"${entry}"`).join(', ')}`;
  if (name === 'tz' && !IANAZone.isValidZone(value)) return `tz: "${value}" is not an IANA time zone`;
  if (name === 'region' && !isSupportedCountry(value)) return `region: "${value}" is not a country code libphonenumber knows`;
  return undefined;
}

import type { Expression } from '../grammar/ast.js';
import { checkExpression, reportArity, reportNamedArguments, type CheckedExpression, type ExpressionScope } from './check-expression.js';
import { describeValueType } from './value-type.js';

type Call = Extract<Expression, { kind: 'call' }>;

/** The Odoo model of users, which `owner(...)` links to. */
export const ownerModel = 'res.users';

const usage = 'owner(pxCreateOperator)';

/**
 * `owner(OperatorColumn)`: the Odoo user who owns the record, from a Pega
 * operator id. `pmap users` pairs operators with users in owners.yaml, and
 * `pmap apply` resolves every operator a phase needs before it loads.
 */
export function checkOwnerCall(expression: Call, scope: ExpressionScope): CheckedExpression {
  reportNamedArguments(expression, scope);
  const args = expression.args.map((argument) => checkExpression(argument, scope));
  const references = args.flatMap((argument) => argument.references);
  const type = { kind: 'record' as const, model: ownerModel };
  if (reportArity(expression, 1, 1, usage, scope)) return { plan: { op: 'literal', value: null }, type: { kind: 'unknown' }, references };

  const operator = args[0]!;
  const kind = operator.type.kind;
  if (kind !== 'text' && kind !== 'integer' && kind !== 'null' && kind !== 'unknown') {
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `owner takes a Pega operator id, but the argument is ${describeValueType(operator.type)}`,
      span: expression.args[0]!.span,
      hint: `pass the column that contains the operator id, for example ${usage}`,
    });
  }
  return { plan: { op: 'owner', operator: operator.plan }, type, references };
}

import type { Expression } from '../grammar/ast.js';
import { checkExpression, reportArity, reportNamedArguments, type CheckedExpression, type ExpressionScope } from './check-expression.js';
import { describeValueType } from './value-type.js';

type Call = Extract<Expression, { kind: 'call' }>;

/** The Odoo model of users, which `owner(...)` links to. */
export const ownerModel = 'res.users';
/** The model `owner_partner(...)` links to: the partner of the user, as mail.message's author_id expects. */
export const ownerPartnerModel = 'res.partner';

/**
 * `owner(OperatorColumn)`: the Odoo user who owns the record, from a Pega
 * operator id. `pmap users` pairs operators with users in owners.yaml, and
 * `pmap apply` resolves every operator a phase needs before it loads.
 *
 * `owner_partner(OperatorColumn)`: that user's partner, for fields such as
 * a message's author_id. It is null for an operator without a user, because
 * an author is a detail worth keeping when known, not a reason to hold a
 * record back.
 */
export function checkOwnerCall(expression: Call, scope: ExpressionScope): CheckedExpression {
  const partner = expression.callee.text === 'owner_partner';
  const usage = partner ? 'owner_partner(pyPerformer)' : 'owner(pxCreateOperator)';
  reportNamedArguments(expression, scope);
  const args = expression.args.map((argument) => checkExpression(argument, scope));
  const references = args.flatMap((argument) => argument.references);
  const type = { kind: 'record' as const, model: partner ? ownerPartnerModel : ownerModel };
  if (reportArity(expression, 1, 1, usage, scope)) return { plan: { op: 'literal', value: null }, type: { kind: 'unknown' }, references };

  const operator = args[0]!;
  const kind = operator.type.kind;
  if (kind !== 'text' && kind !== 'integer' && kind !== 'null' && kind !== 'unknown') {
    scope.diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `${expression.callee.text} takes a Pega operator id, but the argument is ${describeValueType(operator.type)}`,
      span: expression.args[0]!.span,
      hint: `pass the column that contains the operator id, for example ${usage}`,
    });
  }
  const plan = partner ? { op: 'owner' as const, operator: operator.plan, target: 'partner' as const } : { op: 'owner' as const, operator: operator.plan };
  return { plan, type, references };
}

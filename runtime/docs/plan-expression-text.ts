/**
 * Prints a compiled field expression in the spec language's notation, for
 * the field tables of the mapping reference. Parentheses are added around
 * every nested `and`, `or` and comparison, which reads unambiguously
 * without the parser's precedence table.
 */

import type { PlanExpression, PlanLiteral } from '../../compiler/plan-types.js';
import { findExpressions } from '../plan-walk.js';

export function literalText(value: PlanLiteral): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function nested(expression: PlanExpression): string {
  const text = expressionText(expression);
  return ['and', 'or', 'compare'].includes(expression.op) ? `(${text})` : text;
}

export function expressionText(expression: PlanExpression): string {
  switch (expression.op) {
    case 'column': return expression.name;
    case 'literal': return literalText(expression.value);
    case 'call': {
      const options = Object.entries(expression.options ?? {}).map(([name, value]) => `${name}: ${literalText(value)}`);
      return `${expression.fn}(${[...expression.args.map(expressionText), ...options].join(', ')})`;
    }
    case 'ref': return `ref(${[expression.object, ...expression.args.map(expressionText)].join(', ')})`;
    case 'lookup': return `lookup(${expression.model}, ${expression.field}: ${expressionText(expression.value)})`;
    case 'owner': return `${expression.target === 'partner' ? 'owner_partner' : 'owner'}(${expressionText(expression.operator)})`;
    case 'map': return `${expression.map}(${expressionText(expression.arg)})`;
    case 'compare': return `${nested(expression.left)} ${expression.operator} ${nested(expression.right)}`;
    case 'and': case 'or': return `${nested(expression.left)} ${expression.op} ${nested(expression.right)}`;
    case 'not': return `not ${nested(expression.operand)}`;
    case 'isNull': return `${nested(expression.operand)} is ${expression.negated ? 'not ' : ''}null`;
    case 'if': return `if ${expressionText(expression.condition)} then ${expressionText(expression.then)} else ${expressionText(expression.otherwise)}`;
    case 'case': {
      const branches = expression.branches.map((branch) => `when ${expressionText(branch.when)} then ${expressionText(branch.then)}`);
      const otherwise = expression.otherwise ? [`else ${expressionText(expression.otherwise)}`] : [];
      return ['case', ...(expression.subject ? [expressionText(expression.subject)] : []), ...branches, ...otherwise, 'end'].join(' ');
    }
  }
}

/** Lists the value maps an expression calls, in order of appearance. */
export function valueMapsOf(expression: PlanExpression): string[] {
  return findExpressions(expression, (node): node is Extract<PlanExpression, { op: 'map' }> => node.op === 'map').map((node) => node.map);
}

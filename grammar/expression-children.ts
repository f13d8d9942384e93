import type { Expression } from './ast.js';

/** Returns the direct sub-expressions of an expression, named arguments included. */
export function childExpressions(expression: Expression): Expression[] {
  switch (expression.kind) {
    case 'literal':
    case 'name':
      return [];
    case 'call':
      return [...expression.args, ...expression.namedArgs.map((named) => named.value)];
    case 'binary':
      return [expression.left, expression.right];
    case 'not':
    case 'isNull':
      return [expression.operand];
    case 'if':
      return [expression.condition, expression.then, expression.otherwise];
    case 'case':
      return [
        ...(expression.subject ? [expression.subject] : []),
        ...expression.branches.flatMap((branch) => [branch.when, branch.then]),
        ...(expression.otherwise ? [expression.otherwise] : []),
      ];
  }
}

/** Returns every call in an expression tree, outermost first. */
export function callsIn(expression: Expression): Array<Extract<Expression, { kind: 'call' }>> {
  const own = expression.kind === 'call' ? [expression] : [];
  return [...own, ...childExpressions(expression).flatMap(callsIn)];
}

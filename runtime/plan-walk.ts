import type { PlanExpression } from '../compiler/plan-types.js';

/** Returns the direct sub-expressions of a plan expression. */
export function childExpressions(expression: PlanExpression): PlanExpression[] {
  switch (expression.op) {
    case 'column':
    case 'literal':
      return [];
    case 'call':
    case 'ref':
      return [...expression.args];
    case 'map':
      return [expression.arg];
    case 'lookup':
      return [expression.value];
    case 'owner':
      return [expression.operator];
    case 'compare':
    case 'and':
    case 'or':
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

/** Finds every node of an expression tree that satisfies `test`, outermost first. */
export function findExpressions<T extends PlanExpression>(expression: PlanExpression, test: (node: PlanExpression) => node is T): T[] {
  const found: T[] = test(expression) ? [expression] : [];
  for (const child of childExpressions(expression)) found.push(...findExpressions(child, test));
  return found;
}

import type { ObjectDeclaration } from '../grammar/ast.js';
import { findExpressions } from '../runtime/plan-walk.js';
import { checkExpression, requireCondition, type ExpressionScope } from './check-expression.js';
import type { PlanExpression } from './plan-types.js';

/**
 * Checks an object's `where` filters and combines them into one condition
 * (all must hold). Filters run while the table is read, before pmap looks
 * anything up in Odoo. So they may read columns, joined columns, literals,
 * functions and value maps of literals. They may not use `ref`,
 * `record_id`, `lookup`, `owner` or a value map of Odoo records.
 */
export function checkRowFilters(declaration: ObjectDeclaration, scope: ExpressionScope): PlanExpression | undefined {
  let combined: PlanExpression | undefined;
  for (const filter of declaration.filters) {
    const checked = checkExpression(filter.condition, scope);
    requireCondition(checked, filter.condition.span, '`where`', scope);

    const resolved = findExpressions(checked.plan, (node): node is PlanExpression => needsOdoo(node, scope));
    if (resolved.length > 0) {
      scope.diagnostics.push({
        code: 'PM220',
        severity: 'error',
        message: `the where filter of ${declaration.name.text} uses ${describeNode(resolved[0]!)}, which is resolved in Odoo only after the rows are filtered`,
        span: filter.condition.span,
        hint: 'filter on the source columns themselves, for example where pxObjClass == "History-ACME-CS-Work-Service" or where CustomerID is not null',
      });
      continue;
    }
    combined = combined === undefined ? checked.plan : { op: 'and', left: combined, right: checked.plan };
  }
  return combined;
}

function needsOdoo(node: PlanExpression, scope: ExpressionScope): boolean {
  if (node.op === 'ref' || node.op === 'lookup' || node.op === 'owner') return true;
  return node.op === 'map' && scope.symbols.valueMaps.get(node.map)?.targetModel !== undefined;
}

function describeNode(node: PlanExpression): string {
  switch (node.op) {
    case 'ref':
      return `a reference to ${node.object}`;
    case 'lookup':
      return `lookup(${node.model}, …)`;
    case 'owner':
      return node.target === 'partner' ? 'owner_partner(…)' : 'owner(…)';
    case 'map':
      return `the value map ${node.map} of Odoo records`;
    default:
      return node.op;
  }
}

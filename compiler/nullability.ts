import type { Expression, ValueMapDeclaration } from '../grammar/ast.js';
import type { PegaTable } from '../runtime/schema-types.js';

/**
 * Whether an expression can evaluate to null (or empty text) for some
 * record, judged from the schema's nullability and the functions used. It
 * errs towards "may be null" where it cannot tell, since it only feeds
 * warnings.
 */
export function mayBeNull(expression: Expression, table: PegaTable | undefined, valueMaps: ReadonlyMap<string, ValueMapDeclaration>): boolean {
  const inner = (child: Expression) => mayBeNull(child, table, valueMaps);

  switch (expression.kind) {
    case 'literal':
      return expression.literal.kind === 'null' || (expression.literal.kind === 'string' && expression.literal.value === '');
    case 'name':
      return table?.columns[expression.name.text]?.nullable ?? true;
    case 'binary':
    case 'not':
    case 'isNull':
      return false;
    case 'if':
      return inner(expression.then) || inner(expression.otherwise);
    case 'case':
      return !expression.otherwise || inner(expression.otherwise) || expression.branches.some((branch) => inner(branch.then));
    case 'call':
      return callMayBeNull(expression, inner, valueMaps);
  }
}

function callMayBeNull(call: Extract<Expression, { kind: 'call' }>, inner: (child: Expression) => boolean, valueMaps: ReadonlyMap<string, ValueMapDeclaration>): boolean {
  const [first, ...rest] = call.args;
  const invalidOption = call.namedArgs.find((named) => named.name.text === 'invalid')?.value;
  const invalidToNull = invalidOption?.kind === 'literal' && invalidOption.literal.kind === 'string' && invalidOption.literal.value === 'null';

  switch (call.callee.text) {
    case 'coalesce':
    case 'default':
      return call.args.every(inner);
    case 'join':
      return rest.every(inner);
    case 'nullif':
    case 'regex_extract':
    case 'owner_partner':
      return true;
    case 'ref':
    case 'record_id':
      return rest.some(inner);
    case 'lookup':
      return call.namedArgs.some((named) => inner(named.value));
    default:
      break;
  }

  const valueMap = valueMaps.get(call.callee.text);
  if (valueMap) {
    const targets = valueMap.entries.map((entry) => entry.to);
    if (targets.some((target) => target.kind === 'null')) return true;
    // With pass, an unmapped value goes through as it is, null included.
    return targets.some((target) => target.kind === 'pass') && first !== undefined && inner(first);
  }
  return invalidToNull || first === undefined || inner(first);
}

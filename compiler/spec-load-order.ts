import type { Assignment, Expression, ObjectDeclaration } from '../grammar/ast.js';
import { callsIn } from '../grammar/expression-children.js';
import type { Diagnostic } from './diagnostic.js';
import { orderPhases, type OrderedObject } from './order-phases.js';

/** The load order of a set of objects, or why there is none. */
export type LoadOrder =
  | { readonly kind: 'ordered'; readonly objects: readonly OrderedObject[] }
  | { readonly kind: 'cycle'; readonly message: string };

/**
 * Orders objects by their `ref`s with the compiler's rule, from the ASTs
 * alone: no schema is needed, and a `ref` naming an object that does not
 * exist adds no edge, as in `orderPhases`.
 */
export function specLoadOrder(objects: ReadonlyMap<string, ObjectDeclaration>): LoadOrder {
  const references = new Map<string, ReadonlyMap<string, Assignment>>();
  for (const [name, object] of objects) {
    const targets = new Map<string, Assignment>();
    for (const assignment of object.assignments) {
      for (const target of referencedObjects(assignment.value)) if (!targets.has(target)) targets.set(target, assignment);
    }
    references.set(name, targets);
  }

  const diagnostics: Diagnostic[] = [];
  const ordered = orderPhases(objects, references, diagnostics);
  if (ordered) return { kind: 'ordered', objects: ordered };
  return { kind: 'cycle', message: diagnostics[0]?.message ?? 'dependency cycle' };
}

/** Lists the objects named as the first argument of a `ref(...)` anywhere in the expression. */
function referencedObjects(expression: Expression): string[] {
  return callsIn(expression).flatMap((call) => {
    const [first] = call.args;
    return (call.callee.text === 'ref' || call.callee.text === 'record_id') && first?.kind === 'name' ? [first.name.text] : [];
  });
}

import type { Assignment, ObjectDeclaration } from '../grammar/ast.js';
import type { Diagnostic } from './diagnostic.js';

export interface OrderedObject {
  readonly name: string;
  /** Depth in the dependency graph: 0 for objects that reference nothing. */
  readonly level: number;
  readonly dependsOn: readonly string[];
}

/**
 * Orders objects so that every object loads after the objects it references
 * through `ref`. Ties are broken by name, so the order is deterministic. A
 * cycle is reported once, as the path around it, with a span on each edge.
 */
export function orderPhases(
  objects: ReadonlyMap<string, ObjectDeclaration>,
  references: ReadonlyMap<string, ReadonlyMap<string, Assignment>>,
  diagnostics: Diagnostic[],
): OrderedObject[] | undefined {
  const names = [...objects.keys()].sort();
  // A reference to the object itself is a hierarchy, loaded in two passes, not a dependency.
  const dependencies = new Map(names.map((name) => [name, [...(references.get(name)?.keys() ?? [])].filter((target) => objects.has(target) && target !== name).sort()]));

  const cycle = findCycle(names, dependencies);
  if (cycle) {
    reportCycle(cycle, objects, references, diagnostics);
    return undefined;
  }

  const levels = new Map<string, number>();
  const levelOf = (name: string): number => {
    const known = levels.get(name);
    if (known !== undefined) return known;
    const level = Math.max(-1, ...(dependencies.get(name) ?? []).map(levelOf)) + 1;
    levels.set(name, level);
    return level;
  };

  return names
    .map((name) => ({ name, level: levelOf(name), dependsOn: dependencies.get(name) ?? [] }))
    .sort((a, b) => a.level - b.level || a.name.localeCompare(b.name));
}

function findCycle(names: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const target of dependencies.get(name) ?? []) {
      const found = visit(target);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };

  for (const name of names) {
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}

function reportCycle(
  cycle: readonly string[],
  objects: ReadonlyMap<string, ObjectDeclaration>,
  references: ReadonlyMap<string, ReadonlyMap<string, Assignment>>,
  diagnostics: Diagnostic[],
): void {
  const edges = cycle.slice(0, -1).map((from, index) => {
    const to = cycle[index + 1]!;
    return { from, to, assignment: references.get(from)!.get(to)! };
  });
  const first = edges[0]!;
  diagnostics.push({
    code: 'PM401',
    severity: 'error',
    message: `dependency cycle: ${cycle.join(' -> ')}`,
    span: first.assignment.span,
    related: edges.slice(1).map((edge) => ({ message: `${edge.from} references ${edge.to} here`, span: edge.assignment.span })),
    hint: `remove one of these refs; these ${cycle.length - 1} objects cannot load in an order where each one's refs already exist (a ref of an object to itself is fine: it loads in two passes)`,
  });
}

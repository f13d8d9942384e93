import type { ObjectDeclaration, SpecFile, ValueMapDeclaration } from '../grammar/ast.js';
import type { Diagnostic } from './diagnostic.js';

/** Every object and value map declared across a project's spec files, by name. */
export interface SymbolTable {
  readonly objects: ReadonlyMap<string, ObjectDeclaration>;
  readonly valueMaps: ReadonlyMap<string, ValueMapDeclaration>;
}

/** Collects declarations from all files; a name declared twice is reported at the second one. */
export function collectSymbols(specs: readonly SpecFile[], diagnostics: Diagnostic[]): SymbolTable {
  const objects = new Map<string, ObjectDeclaration>();
  const valueMaps = new Map<string, ValueMapDeclaration>();

  for (const spec of specs) {
    for (const declaration of spec.declarations) {
      const table: Map<string, ObjectDeclaration | ValueMapDeclaration> = declaration.kind === 'object' ? objects : valueMaps;
      const previous = table.get(declaration.name.text);
      if (previous) {
        const what = declaration.kind === 'object' ? 'object' : 'value map';
        diagnostics.push({
          code: declaration.kind === 'object' ? 'PM207' : 'PM208',
          severity: 'error',
          message: `${what} \`${declaration.name.text}\` is declared twice`,
          span: declaration.name.span,
          related: [{ message: 'first declared here', span: previous.name.span }],
          hint: `rename one of them; ${what} names are shared by every spec file of the project`,
        });
        continue;
      }
      table.set(declaration.name.text, declaration);
    }
  }
  return { objects, valueMaps };
}

import type { SpecFile } from '../grammar/ast.js';
import type { Diagnostic } from './diagnostic.js';
import { printLiteral } from './print-expression.js';

const acceptHint = 'review the proposal and remove the ? to accept it';

/**
 * Reports every line that `pmap propose` drafted and nobody accepted yet: an
 * assignment or custom field after `?`, and a value map target after `?`.
 * Each is an error, so a project with proposals left cannot be planned.
 */
export function checkUnconfirmed(specs: readonly SpecFile[], diagnostics: Diagnostic[]): void {
  for (const spec of specs) {
    for (const declaration of spec.declarations) {
      if (declaration.kind === 'object') {
        for (const assignment of declaration.assignments) {
          if (!assignment.unconfirmed) continue;
          diagnostics.push({
            code: 'PM330',
            severity: 'error',
            message: `proposed assignment of \`${assignment.field.text}\` in object ${declaration.name.text} is not confirmed`,
            span: assignment.span,
            hint: acceptHint,
          });
        }
        for (const field of declaration.customFields) {
          if (!field.unconfirmed) continue;
          diagnostics.push({
            code: 'PM330',
            severity: 'error',
            message: `proposed custom field \`${field.name.text}\` in object ${declaration.name.text} is not confirmed`,
            span: field.span,
            hint: acceptHint,
          });
        }
        continue;
      }

      for (const entry of declaration.entries) {
        if (!entry.unconfirmed) continue;
        const source = entry.from ? printLiteral(entry.from) : 'else';
        diagnostics.push({
          code: 'PM330',
          severity: 'error',
          message: entry.unconfirmed.missing
            ? `value ${source} in value map ${declaration.name.text} has no target yet`
            : `proposed target for ${source} in value map ${declaration.name.text} is not confirmed`,
          span: entry.span,
          hint: entry.unconfirmed.missing ? 'write the target value in place of the ?, or remove the entry to leave the value to else' : acceptHint,
        });
      }
    }
  }
}

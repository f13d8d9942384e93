import type { Assignment, Expression, ObjectDeclaration } from '../grammar/ast.js';
import type { OdooModel } from '../runtime/schema-types.js';
import type { Diagnostic } from './diagnostic.js';

/** A many2one_reference assignment and the model whose record ids `record_id` gives it. */
export interface RecordIdAssignment {
  readonly assignment: Assignment;
  readonly model: string;
}

/** Fields that name the model of a many2one_reference on Odoo's models: mail.message has `model`, most others `res_model` or `res_model_id`. */
const MODEL_FIELDS = ['model', 'res_model', 'res_model_id'] as const;

/**
 * Checks that an object which writes record ids into a many2one_reference
 * (res_id) also names their model, and names the same model that
 * `record_id` gives ids of. Odoo accepts a mismatch without an error, and
 * the message or file then hangs on an unrelated record.
 */
export function checkRecordReferenceModels(declaration: ObjectDeclaration, model: OdooModel, recordIds: readonly RecordIdAssignment[], diagnostics: Diagnostic[]): void {
  if (recordIds.length === 0) return;
  const candidates = MODEL_FIELDS.filter((field) => model.fields[field] && (model.fields[field]!.store || !model.fields[field]!.readonly));
  if (candidates.length === 0) return;
  const assigned = declaration.assignments.filter((assignment) => (candidates as readonly string[]).includes(assignment.field.text));

  for (const { assignment, model: idModel } of recordIds) {
    const field = assignment.field.text;
    if (assigned.length === 0) {
      diagnostics.push({
        code: 'PM222',
        severity: 'error',
        message: `${declaration.model.text}.${field} gets ids of ${idModel} records, but object ${declaration.name.text} assigns none of ${candidates.join(', ')}, so Odoo cannot tell which model the id belongs to`,
        span: assignment.value.span,
        hint: candidates.includes('res_model_id')
          ? `assign res_model_id = lookup(ir.model, model: "${idModel}")`
          : `assign ${candidates[0]} = "${idModel}"`,
      });
      continue;
    }
    for (const named of assigned) {
      const written = namedModel(named.value);
      if (written === undefined || written === idModel) continue;
      diagnostics.push({
        code: 'PM222',
        severity: 'error',
        message: `${declaration.model.text}.${field} gets ids of ${idModel} records, but ${named.field.text} names the model ${written}`,
        span: assignment.value.span,
        related: [{ message: `${named.field.text} assigned here`, span: named.value.span }],
        hint: `record_id must name an object that loads ${written}, or ${named.field.text} must name ${idModel}`,
      });
    }
  }
}

/** Returns the model a model field names as a literal (`"crm.lead"` or `lookup(ir.model, model: "crm.lead")`), or undefined when it is computed. */
function namedModel(value: Expression): string | undefined {
  if (value.kind === 'literal') return value.literal.kind === 'string' ? value.literal.value : undefined;
  if (value.kind !== 'call' || value.callee.text !== 'lookup' || value.namedArgs.length !== 1) return undefined;
  const named = value.namedArgs[0]!;
  if (named.name.text !== 'model' || named.value.kind !== 'literal' || named.value.literal.kind !== 'string') return undefined;
  return named.value.literal.value;
}

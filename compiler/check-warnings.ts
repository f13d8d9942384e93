import type { Assignment, Expression, ObjectDeclaration, ValueMapDeclaration } from '../grammar/ast.js';
import { isValueMapFallback } from '../grammar/ast.js';
import { callsIn } from '../grammar/expression-children.js';
import type { OdooField, PegaTable } from '../runtime/schema-types.js';
import { literalValue } from './check-expression.js';
import type { Diagnostic } from './diagnostic.js';
import { isWrittenLate } from './fields-written-late.js';
import { mayBeNull } from './nullability.js';

/**
 * Warnings about an assignment that compiles but is likely to reject or
 * damage records at load time, judged from what discovery saw in the data.
 */
export function checkAssignmentWarnings(
  object: ObjectDeclaration,
  assignment: Assignment,
  field: OdooField,
  table: PegaTable | undefined,
  valueMaps: ReadonlyMap<string, ValueMapDeclaration>,
  diagnostics: Diagnostic[],
): void {
  const target = `${object.model.text}.${assignment.field.text}`;
  for (const call of valueMapCalls(assignment.value, valueMaps)) checkCoverage(call, valueMaps.get(call.callee.text)!, table, diagnostics);

  const guarded = object.validators.some((validator) => validator.kind === 'require' && validator.fields.some((name) => name.text === assignment.field.text));
  if (field.required && field.store && !guarded && mayBeNull(assignment.value, table, valueMaps)) {
    diagnostics.push({
      code: 'PM308',
      severity: 'warning',
      message: `${target} is required, but the value can be empty for some records`,
      span: assignment.value.span,
      hint: `give a fallback such as coalesce(..., "Unknown"), or add \`require ${assignment.field.text}\` to reject such records with a clear reason`,
    });
  }

  const length = maxTextLength(assignment.value, table);
  if (field.size !== undefined && length !== undefined && length > field.size) {
    diagnostics.push({
      code: 'PM309',
      severity: 'warning',
      message: `values can have up to ${length} characters, but ${target} has a size of ${field.size}`,
      span: assignment.value.span,
      hint: `cut them with truncate(..., ${field.size}), or map them to a text field`,
    });
  }

  // pmap writes the fields Odoo overwrites on create in a later write, so their values survive.
  if (field.readonly && field.store && !isWrittenLate(object.model.text, assignment.field.text) && !isRecordReference(assignment, field)) {
    diagnostics.push({
      code: 'PM310',
      severity: 'warning',
      message: `${target} is read-only in Odoo's forms; Odoo accepts it over the API but may compute it again`,
      span: assignment.field.span,
      hint: 'keep it when the value must survive, such as an original date (crm.lead date_last_stage_update); check the loaded values with a read-back',
    });
  }
}

/**
 * The record an attachment or message belongs to (res_model and res_id of
 * ir.attachment) is read-only in Odoo's forms only: Odoo stores what the
 * API sends and never recomputes it, so a warning there would be noise.
 */
function isRecordReference(assignment: Assignment, field: OdooField): boolean {
  return field.type === 'many2one_reference' || (field.type === 'char' && ['model', 'res_model'].includes(assignment.field.text));
}

function valueMapCalls(expression: Expression, valueMaps: ReadonlyMap<string, ValueMapDeclaration>): Array<Extract<Expression, { kind: 'call' }>> {
  return callsIn(expression).filter((call) => valueMaps.has(call.callee.text));
}

/** Warns when discovery saw values in the mapped column that no entry covers and the map has no else. */
function checkCoverage(call: Extract<Expression, { kind: 'call' }>, valueMap: ValueMapDeclaration, table: PegaTable | undefined, diagnostics: Diagnostic[]): void {
  const argument = call.args[0];
  if (argument?.kind !== 'name' || valueMap.entries.some((entry) => entry.from === undefined)) return;
  const distinct = table?.columns[argument.name.text]?.distinctValues;
  if (!distinct) return;

  const covered = new Set(valueMap.entries.flatMap((entry) => (entry.from && !isValueMapFallback(entry.to) ? [literalKey(literalValue(entry.from))] : [])));
  const uncovered = distinct.filter(([value]) => !covered.has(literalKey(value)));
  if (uncovered.length === 0) return;

  const rows = uncovered.reduce((total, [, count]) => total + count, 0);
  const listed = uncovered.slice(0, 10).map(([value, count]) => `${value === null ? 'null' : JSON.stringify(value)} (${count})`);
  const more = uncovered.length > 10 ? `, and ${uncovered.length - 10} more` : '';
  diagnostics.push({
    code: 'PM307',
    severity: 'warning',
    message: `value map ${valueMap.name.text} does not cover ${uncovered.length} value${uncovered.length === 1 ? '' : 's'} of ${argument.name.text} seen in the data (${rows} rows): ${listed.join(', ')}${more}`,
    span: call.span,
    related: [{ message: 'the value map', span: valueMap.name.span }],
    hint: 'records with these values are rejected; add entries for them, or an else entry',
  });
}

function literalKey(value: string | number | boolean | null): string {
  return value === null ? '\u0000null' : String(value);
}

/** Returns the maximum text length an expression can produce, when the schema bounds it (a text column, kept as it is by trim, lower, upper). */
function maxTextLength(expression: Expression, table: PegaTable | undefined): number | undefined {
  if (expression.kind === 'name') {
    const column = table?.columns[expression.name.text];
    return column?.type === 'text' ? column.length : undefined;
  }
  if (expression.kind === 'call' && ['trim', 'lower', 'upper', 'title'].includes(expression.callee.text) && expression.args[0]) {
    return maxTextLength(expression.args[0], table);
  }
  return undefined;
}

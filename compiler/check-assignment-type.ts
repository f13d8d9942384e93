import type { Assignment } from '../grammar/ast.js';
import type { OdooField } from '../runtime/schema-types.js';
import type { CheckedExpression } from './check-expression.js';
import type { Diagnostic } from './diagnostic.js';
import { describeValueType, withArticle } from './value-type.js';

/** Value kinds each Odoo field type accepts without an explicit transform. */
const acceptedKinds: Partial<Record<OdooField['type'], ReadonlySet<string>>> = {
  char: new Set(['text', 'integer', 'decimal']),
  text: new Set(['text', 'integer', 'decimal']),
  html: new Set(['text']),
  integer: new Set(['integer', 'recordId']),
  float: new Set(['integer', 'decimal']),
  monetary: new Set(['integer', 'decimal']),
  boolean: new Set(['boolean']),
  date: new Set(['date']),
  datetime: new Set(['datetime']),
  binary: new Set(['binary']),
};

/**
 * Checks that a value of the expression's type can be written to the field.
 * Conversions are implicit only where nothing is lost, such as a Pega
 * DateTime into an Odoo datetime or an integer into a float. Everything else
 * needs a transform or a value map.
 */
export function checkAssignmentType(
  assignment: Assignment,
  model: string,
  field: OdooField,
  checked: CheckedExpression,
  diagnostics: Diagnostic[],
): void {
  const type = checked.type;
  if (type.kind === 'unknown' || type.kind === 'null') return;
  const target = `${model}.${assignment.field.text}`;

  switch (field.type) {
    case 'many2one':
      checkMany2one(assignment, target, field, checked, diagnostics);
      return;
    case 'many2many':
      checkMany2many(assignment, target, field, checked, diagnostics);
      return;
    case 'selection':
      checkSelection(assignment, target, field, checked, diagnostics);
      return;
    case 'many2one_reference':
      checkMany2oneReference(assignment, target, checked, diagnostics);
      return;
    default:
      break;
  }

  const accepted = acceptedKinds[field.type];
  if (!accepted) {
    diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `${target} is ${withArticle(field.type)} field, which pmap cannot write yet`,
      span: assignment.field.span,
      hint: 'map the value to a char or text field instead, or leave the field out',
    });
    return;
  }
  if (accepted.has(type.kind)) return;

  diagnostics.push({
    code: 'PM211',
    severity: 'error',
    message: `${target} is ${withArticle(field.type)} field, but the value is ${describeValueType(type)}`,
    span: assignment.value.span,
    hint: conversionHint(field.type, type.kind),
  });
}

function conversionHint(fieldType: string, valueKind: string): string {
  if (valueKind === 'recordId') return 'record_id gives a bare record id, for a many2one_reference field such as res_id or an integer field';
  if (fieldType === 'binary') return 'convert the content with base64(Column), or base64(Column, encoding: "hex") for PostgreSQL\'s hex form of bytea';
  if (valueKind === 'binary') return 'base64(...) gives file content, for a binary field such as ir.attachment.datas';
  if (valueKind === 'record') return 'a ref can only be assigned to a many2one field whose relation is the referenced model';
  if (fieldType === 'date' && valueKind === 'datetime') return 'take its calendar date with date(..., tz: "Europe/Berlin"), choosing the zone the date is meant in';
  if (['integer', 'float', 'monetary'].includes(fieldType) && valueKind === 'text') return `parse the text first, for example with ${fieldType === 'integer' ? 'integer' : 'decimal'}(...)`;
  if ((fieldType === 'date' || fieldType === 'datetime') && valueKind === 'text') return `parse the text first with ${fieldType}(..., format: "…")`;
  if (fieldType === 'one2many') return 'set the many2one on the other side instead (for example the contact\'s parent_id)';
  return `assign ${withArticle(fieldType)} value, or map the value to a field of a matching type`;
}

function checkMany2one(
  assignment: Assignment,
  target: string,
  field: OdooField,
  checked: CheckedExpression,
  diagnostics: Diagnostic[],
): void {
  const type = checked.type;
  if (type.kind !== 'record') {
    const viaRecordId = type.kind === 'recordId';
    diagnostics.push({
      code: 'PM215',
      severity: 'error',
      message: `${target} links to a ${field.relation} record, but the value is ${describeValueType(type)}`,
      span: assignment.value.span,
      hint: viaRecordId
        ? `a many2one takes ref(Object, KeyColumn), which the checker matches against ${field.relation}; record_id is for fields such as res_id that name the model elsewhere`
        : field.relation === 'res.users'
        ? 'use owner(OperatorColumn) for a Pega operator id, or a value map declared `-> res.users`'
        : `use ref(Object, KeyColumn) for an object that loads ${field.relation}, or a value map declared \`-> ${field.relation}\``,
    });
    return;
  }
  if (type.model === field.relation) return;
  if (checked.plan.op === 'owner') {
    const partner = checked.plan.target === 'partner';
    diagnostics.push({
      code: 'PM301',
      severity: 'error',
      message: `${partner ? 'owner_partner' : 'owner'} returns a ${type.model} record, but ${target} links to ${field.relation}`,
      span: assignment.value.span,
      hint:
        field.relation === 'res.partner'
          ? 'use owner_partner(...) for a field that links to the partner of a user, such as author_id'
          : field.relation === 'res.users'
          ? 'use owner(...) for a field that links to res.users, such as user_id'
          : `assign ${partner ? 'owner_partner' : 'owner'}(...) to a field that links to ${type.model}`,
    });
    return;
  }

  const isMap = checked.plan.op === 'map';
  diagnostics.push({
    code: isMap ? 'PM303' : 'PM301',
    severity: 'error',
    message: isMap
      ? `value map \`${checked.plan.op === 'map' ? checked.plan.map : ''}\` names ${type.model} records, but ${target} links to ${field.relation}`
      : `ref returns a ${type.model} record, but ${target} links to ${field.relation}`,
    span: assignment.value.span,
    hint: isMap ? `declare the value map with \`-> ${field.relation}\`` : `ref an object declared \`to odoo ${field.relation}\``,
  });
}

/**
 * Checks a many2one_reference (mail.message.res_id, ir.attachment.res_id).
 * It contains a bare id whose model another field names, so only
 * `record_id` fits it. Odoo would accept a `ref` or a lookup, but pmap could
 * not check their model.
 */
function checkMany2oneReference(assignment: Assignment, target: string, checked: CheckedExpression, diagnostics: Diagnostic[]): void {
  if (checked.type.kind === 'recordId') return;
  const isRef = checked.plan.op === 'ref';
  diagnostics.push({
    code: 'PM221',
    severity: 'error',
    message: `${target} is a many2one_reference: it holds the id of a record whose model another field names, but the value is ${describeValueType(checked.type)}`,
    span: assignment.value.span,
    hint: isRef
      ? 'write record_id(Object, KeyColumn) instead of ref(...): it gives the bare id of the record the object loaded'
      : 'write record_id(Object, KeyColumn) with the object whose records the messages or files belong to, and assign that object\'s model to the model field',
  });
}

function checkMany2many(assignment: Assignment, target: string, field: OdooField, checked: CheckedExpression, diagnostics: Diagnostic[]): void {
  const type = checked.type;
  if (type.kind === 'records' && type.model === field.relation) return;
  diagnostics.push({
    code: type.kind === 'records' ? 'PM301' : 'PM215',
    severity: 'error',
    message: `${target} contains a list of ${field.relation} records, but the value is ${describeValueType(type)}`,
    span: assignment.value.span,
    hint: `look the records up by a field from a list of values: lookup(${field.relation}, name: split(Column, ";"))`,
  });
}

function checkSelection(
  assignment: Assignment,
  target: string,
  field: OdooField,
  checked: CheckedExpression,
  diagnostics: Diagnostic[],
): void {
  const keys = (field.selection ?? []).map(([key]) => key);
  if (!checked.literals && checked.plan.op === 'map') {
    diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `value map ${checked.plan.map} passes unmapped values through (else => pass), but ${target} is a selection field`,
      span: assignment.value.span,
      hint: `map every value to a selection key (${keys.map((key) => `"${key}"`).join(', ')}) and end with else => "<key>" or else => error`,
    });
    return;
  }
  if (!checked.literals) {
    diagnostics.push({
      code: 'PM211',
      severity: 'error',
      message: `${target} is a selection field; a source value cannot be written to it directly`,
      span: assignment.value.span,
      hint: `map the column through a value map whose targets are selection keys: ${keys.map((key) => `"${key}"`).join(', ')}`,
    });
    return;
  }
  for (const { value, literal } of checked.literals) {
    if (value === null || value === false || keys.includes(String(value))) continue;
    const labels = (field.selection ?? []).map(([key, label]) => `"${key}" (${label})`).join(', ');
    diagnostics.push({
      code: 'PM212',
      severity: 'error',
      message: `${JSON.stringify(value)} is not a key of the selection ${target}`,
      span: literal.span,
      hint: `the keys are ${labels}`,
    });
  }
}

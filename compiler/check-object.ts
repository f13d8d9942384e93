import type { Assignment, ObjectDeclaration } from '../grammar/ast.js';
import type { OdooModel, OdooSchema, PegaSchema } from '../runtime/schema-types.js';
import { checkAssignmentType } from './check-assignment-type.js';
import { checkExpression, type ExpressionScope } from './check-expression.js';
import { checkRowFilters } from './check-filters.js';
import { checkJoins } from './check-joins.js';
import { checkMembers, type CheckedMembers } from './check-members.js';
import { checkRecordReferenceModels, type RecordIdAssignment } from './check-record-references.js';
import { checkAssignmentWarnings } from './check-warnings.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMeanHint } from './did-you-mean.js';
import { isWrittenLate } from './fields-written-late.js';
import type { PlanExpression, PlanField, PlanJoin } from './plan-types.js';
import type { Span } from './diagnostic.js';
import { describeValueType, isRecordKind } from './value-type.js';
import type { SymbolTable } from './symbols.js';

/** The result of checking one object: its compiled fields and the objects it references. */
export interface CheckedObject {
  readonly declaration: ObjectDeclaration;
  readonly fields: readonly PlanField[];
  readonly references: ReadonlyMap<string, Assignment>;
  readonly members: CheckedMembers;
  readonly joins: readonly PlanJoin[];
  readonly cleansing: ReadonlyArray<{ readonly column: string; readonly expression: PlanExpression }>;
  /** The `where` filters, combined into one condition. */
  readonly where?: PlanExpression;
  /** The Pega table the object reads, as keyed in schemas/pega.json. */
  readonly tableName: string;
}

/** Fields Odoo maintains itself; values sent for them on create are ignored without an error. */
const magicFields = new Set(['id', 'create_date', 'create_uid', 'write_date', 'write_uid', '__last_update', 'display_name']);

export function checkObject(
  declaration: ObjectDeclaration,
  symbols: SymbolTable,
  pegaSchema: PegaSchema,
  odooSchema: OdooSchema,
  diagnostics: Diagnostic[],
): CheckedObject {
  const tableName = resolveSourceTable(declaration, pegaSchema, diagnostics);
  const table = tableName === undefined ? undefined : pegaSchema.tables[tableName];
  for (const key of declaration.key) {
    if (!table || table.columns[key.text]) continue;
    diagnostics.push({
      code: 'PM202',
      severity: 'error',
      message: `unknown key column \`${key.text}\` in Pega table ${declaration.table.text}`,
      span: key.span,
      hint: didYouMeanHint(key.text, Object.keys(table.columns), 'the key must be a column of the table'),
    });
  }

  const model = odooSchema.models[declaration.model.text];
  if (!model) {
    diagnostics.push({
      code: 'PM203',
      severity: 'error',
      message: `unknown Odoo model \`${declaration.model.text}\``,
      span: declaration.model.span,
      hint: didYouMeanHint(declaration.model.text, Object.keys(odooSchema.models), 'the models are listed in schemas/odoo.json; run `pmap discover odoo` if the model is new'),
    });
  }

  if (declaration.assignments.length === 0) {
    diagnostics.push({
      code: 'PM306',
      severity: 'warning',
      message: `object \`${declaration.name.text}\` assigns no fields`,
      span: declaration.name.span,
      hint: 'add assignments such as `name = trim(Name)`',
    });
  }

  const { joins, joinedTables } = checkJoins(declaration, table, pegaSchema, diagnostics);
  const scope: ExpressionScope = { object: declaration, table, symbols, odooSchema, pegaTables: pegaSchema.tables, joinedTables, diagnostics };
  const where = checkRowFilters(declaration, scope);
  const cleansing = checkCleansing(declaration, scope);
  const fields: PlanField[] = [];
  const recordIds: RecordIdAssignment[] = [];
  const references = new Map<string, Assignment>();
  const assigned = new Map<string, Assignment>();

  for (const assignment of declaration.assignments) {
    const checked = checkExpression(assignment.value, scope);
    for (const reference of checked.references) if (!references.has(reference)) references.set(reference, assignment);
    if (!model || !checkFieldName(assignment, declaration, model, assigned, diagnostics)) continue;

    const field = model.fields[assignment.field.text]!;
    checkAssignmentType(assignment, declaration.model.text, field, checked, diagnostics);
    if (field.type === 'many2one_reference' && checked.type.kind === 'recordId') recordIds.push({ assignment, model: checked.type.model });
    checkAssignmentWarnings(declaration, assignment, field, table, symbols.valueMaps, diagnostics);
    // A ref to the object itself (a parent company) can only be written once the target exists,
    // and a field that Odoo overwrites while creating the record only survives a later write.
    const linksToItself = checked.references.includes(declaration.name.text) || isWrittenLate(declaration.model.text, assignment.field.text);
    fields.push({
      field: assignment.field.text,
      type: field.type,
      ...(field.relation ? { relation: field.relation } : {}),
      expression: checked.plan,
      ...(linksToItself ? { secondPass: true } : {}),
    });
  }

  if (model) checkRequiredFields(declaration, model, assigned, diagnostics);
  if (model) checkRecordReferenceModels(declaration, model, recordIds, diagnostics);
  const members = checkMembers(declaration, model, scope);
  return { declaration, fields, references, members, joins, cleansing, ...(where ? { where } : {}), tableName: tableName ?? declaration.table.text };
}

/** Checks `clean <Column> = <expression>` rules: a column of the table, rewritten once, to a text-like value. */
function checkCleansing(declaration: ObjectDeclaration, scope: ExpressionScope): Array<{ column: string; expression: PlanExpression }> {
  const rules: Array<{ column: string; expression: PlanExpression }> = [];
  const seen = new Map<string, Span>();
  for (const rule of declaration.cleansing) {
    const column = rule.column.text;
    const checked = checkExpression(rule.value, scope);
    if (scope.table && !scope.table.columns[column]) {
      scope.diagnostics.push({
        code: 'PM202',
        severity: 'error',
        message: `unknown column \`${column}\` in Pega table ${declaration.table.text}`,
        span: rule.column.span,
        hint: didYouMeanHint(column, Object.keys(scope.table.columns), 'clean rewrites a column of the object\'s own table'),
      });
      continue;
    }
    const previous = seen.get(column);
    if (previous) {
      scope.diagnostics.push({ code: 'PM209', severity: 'error', message: `column \`${column}\` is cleaned twice`, span: rule.column.span, related: [{ message: 'first cleaned here', span: previous }], hint: 'combine the two rules into one expression' });
      continue;
    }
    seen.set(column, rule.column.span);
    if (isRecordKind(checked.type.kind) || checked.type.kind === 'list') {
      scope.diagnostics.push({ code: 'PM211', severity: 'error', message: `clean ${column} must give a value, not ${describeValueType(checked.type)}`, span: rule.value.span, hint: 'refs and lookups belong in field assignments' });
      continue;
    }
    rules.push({ column, expression: checked.plan });
  }
  return rules;
}

/**
 * Finds the object's table: named directly, or through `from pega class`, the
 * one table whose schema entry stores that class.
 */
function resolveSourceTable(declaration: ObjectDeclaration, pegaSchema: PegaSchema, diagnostics: Diagnostic[]): string | undefined {
  const name = declaration.table.text;
  if (declaration.sourceKind === 'table') {
    if (pegaSchema.tables[name]) return name;
    diagnostics.push({
      code: 'PM201',
      severity: 'error',
      message: `unknown Pega table \`${name}\``,
      span: declaration.table.span,
      hint: didYouMeanHint(name, Object.keys(pegaSchema.tables), 'the tables are listed in schemas/pega.json; run `pmap discover pega` if the table is new'),
    });
    return undefined;
  }

  const tables = Object.entries(pegaSchema.tables).filter(([, table]) => table.className === name).map(([tableName]) => tableName);
  if (tables.length === 1) return tables[0];
  const classes = [...new Set(Object.values(pegaSchema.tables).map((table) => table.className))];
  diagnostics.push({
    code: 'PM201',
    severity: 'error',
    message: tables.length === 0 ? `no table in schemas/pega.json stores the Pega class \`${name}\`` : `the Pega class \`${name}\` is stored in ${tables.length} tables: ${tables.join(', ')}`,
    span: declaration.table.span,
    hint: tables.length === 0 ? didYouMeanHint(name, classes, 'run `pmap discover pega` if the class is new') : 'name the table instead: from pega table <table>',
  });
  return undefined;
}

/** Returns whether the assignment's field can be written at all. */
function checkFieldName(
  assignment: Assignment,
  declaration: ObjectDeclaration,
  model: OdooModel,
  assigned: Map<string, Assignment>,
  diagnostics: Diagnostic[],
): boolean {
  const name = assignment.field.text;
  const modelName = declaration.model.text;
  const previous = assigned.get(name);
  if (previous) {
    diagnostics.push({
      code: 'PM209',
      severity: 'error',
      message: `field \`${name}\` is assigned twice in object ${declaration.name.text}`,
      span: assignment.field.span,
      related: [{ message: 'first assigned here', span: previous.field.span }],
      hint: 'keep one assignment; use coalesce(...) to fall back from one column to another',
    });
    return false;
  }
  assigned.set(name, assignment);

  if (magicFields.has(name)) {
    diagnostics.push({
      code: 'PM213',
      severity: 'error',
      message: `\`${name}\` is maintained by Odoo and cannot be set: Odoo ignores it on create`,
      span: assignment.field.span,
      hint: 'keep the original timestamp in a custom field (custom field x_pega_created: datetime "Created in Pega"), or in a field that accepts it over the API, such as mail.message date or crm.lead date_open',
    });
    return false;
  }

  const field = model.fields[name];
  if (!field) {
    diagnostics.push({
      code: 'PM204',
      severity: 'error',
      message: `unknown field \`${name}\` on Odoo model ${modelName}`,
      span: assignment.field.span,
      hint: didYouMeanHint(name, Object.keys(model.fields), `the fields of ${modelName} are listed in schemas/odoo.json`),
    });
    return false;
  }
  if (!field.store && field.readonly) {
    diagnostics.push({
      code: 'PM214',
      severity: 'error',
      message: `${modelName}.${name} is computed by Odoo and not stored, so a value written to it is lost`,
      span: assignment.field.span,
      hint: 'assign the stored fields it is computed from instead',
    });
    return false;
  }
  return true;
}

function checkRequiredFields(
  declaration: ObjectDeclaration,
  model: OdooModel,
  assigned: Map<string, Assignment>,
  diagnostics: Diagnostic[],
): void {
  const missing = Object.entries(model.fields)
    .filter(([name, field]) => field.required && field.store && !field.hasDefault && !assigned.has(name))
    .map(([name, field]) => `${name} (${field.string})`)
    .sort();
  if (missing.length === 0) return;
  diagnostics.push({
    code: 'PM302',
    severity: 'error',
    message: `object ${declaration.name.text} does not assign the required field${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${declaration.model.text}`,
    span: declaration.name.span,
    hint: 'Odoo rejects a record without it; assign it, with coalesce(...) or a literal as fallback',
  });
}

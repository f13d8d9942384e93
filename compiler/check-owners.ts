import type { ObjectDeclaration } from '../grammar/ast.js';
import { callsIn } from '../grammar/expression-children.js';
import type { PegaSchema } from '../runtime/schema-types.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMeanHint } from './did-you-mean.js';
import type { OwnersConfig } from './owners-config.js';
import type { PlanOwners } from './plan-types.js';

const sectionExample = 'owners: { table: data.pr_operators }';

const columnMeaning = { id: 'id', email: 'e-mail address', name: 'display name', disabled: 'true/false flag of having left' } as const;

/**
 * Checks the `owners:` section of pmap.yaml against schemas/pega.json, and
 * that a project whose specs call `owner(...)` has one. Returns the plan's
 * view of the operator table when the section is valid.
 */
export function checkOwners(objects: Iterable<ObjectDeclaration>, owners: OwnersConfig | undefined, pegaSchema: PegaSchema, diagnostics: Diagnostic[]): PlanOwners | undefined {
  if (!owners) {
    for (const object of objects) reportOwnerCallsWithoutSection(object, diagnostics);
    return undefined;
  }

  const table = pegaSchema.tables[owners.table];
  if (!table) {
    diagnostics.push({
      code: 'PM201',
      severity: 'error',
      message: `unknown Pega table \`${owners.table}\` in owners.table`,
      ...(owners.spans.table ? { span: owners.spans.table } : {}),
      hint: didYouMeanHint(owners.table, Object.keys(pegaSchema.tables), 'name the table of Pega operators (class Data-Admin-Operator-ID) as schemas/pega.json lists it'),
    });
    return undefined;
  }

  let valid = true;
  for (const key of ['id', 'email', 'name', 'disabled'] as const) {
    const column = owners.columns[key];
    if (column === undefined || table.columns[column]) continue;
    valid = false;
    const span = owners.spans[key] ?? owners.spans.section;
    diagnostics.push({
      code: 'PM202',
      severity: 'error',
      message: `unknown column \`${column}\` in Pega table ${owners.table}, named by owners.${key}${owners.spans[key] ? '' : ' (the default)'}`,
      ...(span ? { span } : {}),
      hint: didYouMeanHint(column, Object.keys(table.columns), `set owners.${key} to the column that contains the operator's ${columnMeaning[key]}; ${owners.table} has ${Object.keys(table.columns).join(', ')}`),
    });
  }
  if (!valid) return undefined;

  return {
    table: owners.table,
    className: table.className,
    idColumn: owners.columns.id,
    emailColumn: owners.columns.email,
    nameColumn: owners.columns.name,
    ...(owners.columns.disabled !== undefined ? { disabledColumn: owners.columns.disabled } : {}),
  };
}

function reportOwnerCallsWithoutSection(object: ObjectDeclaration, diagnostics: Diagnostic[]): void {
  for (const assignment of object.assignments) {
    for (const call of callsIn(assignment.value)) {
      if (call.callee.text !== 'owner' && call.callee.text !== 'owner_partner') continue;
      diagnostics.push({
        code: 'PM320',
        severity: 'error',
        message: `${call.callee.text}(...) needs the Pega operator table, but pmap.yaml has no owners section`,
        span: call.span,
        hint: `add \`${sectionExample}\` to pmap.yaml, naming the table of Pega operators; docs/language.md lists its keys`,
      });
    }
  }
}

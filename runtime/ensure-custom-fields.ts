import type { PlanCustomField } from '../compiler/plan-types.js';
import type { OdooClient } from './odoo/odoo-client.js';

/** Custom fields that exist in Odoo with another definition than the spec's. */
export class CustomFieldConflictError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`custom field check failed, nothing was loaded:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'CustomFieldConflictError';
  }
}

/** Python's repr of a string, which Odoo's `selection` text on ir.model.fields is written in. */
function pythonString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function selectionText(selection: ReadonlyArray<readonly [string, string]>): string {
  return `[${selection.map(([key, label]) => `(${pythonString(key)}, ${pythonString(label)})`).join(', ')}]`;
}

/**
 * Creates the spec's custom fields that Odoo lacks, through ir.model.fields
 * (a field of state `manual` is usable at once). A field that exists with
 * the declared type is accepted as it is; one with another type stops the
 * run before any record moves, since changing it could lose data.
 * Returns the fields created.
 */
export async function ensureCustomFields(fields: readonly PlanCustomField[], client: OdooClient): Promise<PlanCustomField[]> {
  const problems: string[] = [];
  const missing: PlanCustomField[] = [];

  for (const field of fields) {
    const existing = await client.searchRead('ir.model.fields', [['model', '=', field.model], ['name', '=', field.name]], ['ttype']);
    if (existing.length === 0) {
      missing.push(field);
      continue;
    }
    const type = String(existing[0]!.ttype);
    if (type !== field.type) problems.push(`${field.model}.${field.name} exists in Odoo as ${type === 'integer' ? 'an' : 'a'} ${type} field, but the spec declares ${field.type}; rename the spec's field or change it to ${type}`);
  }
  if (problems.length > 0) throw new CustomFieldConflictError(problems);

  for (const field of missing) {
    const models = await client.searchRead('ir.model', [['model', '=', field.model]], ['id']);
    if (models.length !== 1) throw new CustomFieldConflictError([`model ${field.model} does not exist in Odoo, so ${field.name} cannot be added to it`]);
    await client.create('ir.model.fields', [{
      model_id: models[0]!.id,
      name: field.name,
      ttype: field.type,
      field_description: field.label,
      state: 'manual',
      ...(field.selection ? { selection: selectionText(field.selection) } : {}),
    }]);
  }
  return missing;
}

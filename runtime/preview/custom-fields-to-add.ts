import type { PlanCustomField } from '../../compiler/plan-types.js';
import type { OdooClient } from '../odoo/odoo-client.js';
import type { CustomFieldToAdd } from './preview-types.js';

/**
 * Compares the spec's custom fields with ir.model.fields, as apply does
 * before it creates the missing ones, but only reads. A field that exists
 * with another type, or whose model is missing, is a conflict that stops apply.
 */
export async function findCustomFieldsToAdd(fields: readonly PlanCustomField[], client: OdooClient): Promise<{ toAdd: CustomFieldToAdd[]; conflicts: string[] }> {
  const toAdd: CustomFieldToAdd[] = [];
  const conflicts: string[] = [];

  for (const field of fields) {
    const existing = await client.searchRead('ir.model.fields', [['model', '=', field.model], ['name', '=', field.name]], ['ttype']);
    if (existing.length > 0) {
      const type = String(existing[0]!.ttype);
      if (type !== field.type) conflicts.push(`${field.model}.${field.name} exists in Odoo as ${type === 'integer' ? 'an' : 'a'} ${type} field, but the spec declares ${field.type}; rename the spec's field or change it to ${type}`);
      continue;
    }
    const models = await client.searchCount('ir.model', [['model', '=', field.model]]);
    if (models !== 1) {
      conflicts.push(`model ${field.model} does not exist in Odoo, so ${field.name} cannot be added to it`);
      continue;
    }
    toAdd.push({ model: field.model, name: field.name, type: field.type, label: field.label });
  }
  return { toAdd, conflicts };
}

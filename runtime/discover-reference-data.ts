import type { OdooClient } from './odoo/odoo-client.js';
import { OdooFault } from './odoo/odoo-errors.js';
import type { OdooReferenceRecord } from './schema-types.js';

/** Models whose records specs map to by name and that differ from one Odoo database to the next. */
export const referenceDataModels = ['crm.stage', 'crm.team', 'mail.activity.type'] as const;

/**
 * Reads the stages, sales teams and activity types that exist in Odoo,
 * archived ones included and marked, sorted by name so the file diffs
 * cleanly. A model whose module is not installed is left out.
 */
export async function discoverReferenceData(client: OdooClient): Promise<Record<string, OdooReferenceRecord[]>> {
  const result: Record<string, OdooReferenceRecord[]> = {};
  for (const model of referenceDataModels) {
    let fields: Record<string, unknown>;
    try {
      fields = await client.fieldsGet(model, ['type']);
    } catch (error) {
      // Odoo 16 reports an unknown model as "Object <model> doesn't exist", Odoo 19 as "the model '<model>' does not exist".
      if (error instanceof OdooFault && /doesn't exist|does not exist/.test(error.faultString)) continue;
      throw error;
    }

    const readFields = ['name', ...['active', 'team_id'].filter((name) => name in fields)];
    const rows = await client.searchRead(model, [], readFields, { order: 'id' });
    result[model] = rows
      .map((row): OdooReferenceRecord => ({
        name: String(row.name),
        ...(row.active === false ? { archived: true as const } : {}),
        ...(Array.isArray(row.team_id) ? { team: String(row.team_id[1]) } : {}),
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || (a.team ?? '').localeCompare(b.team ?? ''));
  }
  return result;
}

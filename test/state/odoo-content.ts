import { OdooClient } from '../../runtime/odoo/odoo-client.js';

/** The fields the demo specs write, per model, as compared between two Odoo databases. */
const MAPPED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'res.partner': ['name', 'is_company', 'email', 'phone', 'website', 'city', 'country_id', 'parent_id', 'active'],
  'crm.lead': ['name', 'type', 'description', 'stage_id', 'priority', 'active', 'partner_id'],
};

/**
 * Reads what a demo migration left in Odoo, keyed by pmap external id, with
 * links written as the external id (or name) of their target instead of a
 * database id, so two databases loaded in different orders compare equal.
 * Also counts every record of the models, so a duplicate without an
 * external id shows up too.
 */
export async function demoContent(client: OdooClient): Promise<{ records: Record<string, unknown>; totals: Record<string, number> }> {
  const labels = await client.searchRead('ir.model.data', [['module', '=', 'pmap']], ['name', 'model', 'res_id']);
  const nameOf = new Map(labels.map((row) => [`${row.model}:${row.res_id}`, String(row.name)]));
  const records: Record<string, unknown> = {};
  const totals: Record<string, number> = {};

  for (const [model, fields] of Object.entries(MAPPED_FIELDS)) {
    const rows = await client.searchRead(model, [], [...fields]);
    totals[model] = rows.length;
    for (const row of rows) {
      const name = nameOf.get(`${model}:${row.id}`);
      if (name === undefined) continue;
      const values: Record<string, unknown> = {};
      for (const field of fields) {
        const value = row[field];
        values[field] = Array.isArray(value) ? (nameOf.get(`${relationOf(field)}:${value[0]}`) ?? value[1]) : value;
      }
      records[`${model}/${name}`] = values;
    }
  }
  return { records, totals };
}

function relationOf(field: string): string {
  if (field === 'partner_id' || field === 'parent_id') return 'res.partner';
  if (field === 'stage_id') return 'crm.stage';
  return 'res.country';
}

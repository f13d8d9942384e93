import type { OdooField, OdooFieldType, OdooModel, OdooSchema } from './schema-types.js';
import type { OdooClient } from './odoo/odoo-client.js';

/** The `fields_get` attributes discovery keeps. */
export const fieldAttributes = ['type', 'string', 'required', 'readonly', 'store', 'relation', 'selection', 'size'];

type FieldsGetResult = Record<string, Record<string, unknown>>;

/**
 * Builds one model's schema entry from `fields_get` output and the names of
 * fields `default_get` fills, with fields in sorted order so the file diffs
 * cleanly after a re-discovery.
 */
export function odooModelFromFieldsGet(description: string, fieldsGet: FieldsGetResult, defaulted: ReadonlySet<string>): OdooModel {
  const fields: Record<string, OdooField> = {};
  for (const name of Object.keys(fieldsGet).sort()) {
    const raw = fieldsGet[name]!;
    const selection = Array.isArray(raw.selection) ? (raw.selection as Array<[string, string]>).map(([key, label]) => [String(key), String(label)] as const) : undefined;
    fields[name] = {
      type: raw.type as OdooFieldType,
      string: String(raw.string ?? name),
      required: raw.required === true,
      readonly: raw.readonly === true,
      store: raw.store !== false,
      ...(typeof raw.relation === 'string' && raw.relation ? { relation: raw.relation } : {}),
      ...(selection ? { selection } : {}),
      ...(typeof raw.size === 'number' ? { size: raw.size } : {}),
      ...(defaulted.has(name) ? { hasDefault: true } : {}),
    };
  }
  return { description, fields };
}

/** Reads `fields_get`, `default_get` and the model description of each model from a live Odoo. */
export async function discoverOdooSchema(client: OdooClient, models: readonly string[]): Promise<OdooSchema> {
  const result: Record<string, OdooModel> = {};
  for (const model of [...new Set(models)].sort()) {
    const fieldsGet = await client.fieldsGet(model, fieldAttributes);
    const defaults = (await client.executeKw(model, 'default_get', [Object.keys(fieldsGet)])) as Record<string, unknown>;
    const described = await client.searchRead('ir.model', [['model', '=', model]], ['name']);
    const description = String(described[0]?.name ?? model);
    // A default of False fills nothing, so it does not satisfy a required field.
    const defaulted = Object.entries(defaults).filter(([, value]) => value !== false && value !== null).map(([name]) => name);
    result[model] = odooModelFromFieldsGet(description, fieldsGet, new Set(defaulted));
  }
  return { odooSchema: 1, serverVersion: client.serverVersion, models: result };
}

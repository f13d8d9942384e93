// The ORM's read(): field values in Odoo 16's read format.
// - many2one: [id, display_name], or the bare id when load is not '_classic_read', or False.
// - one2many and many2many: a list of ids, without archived targets.
// - char, text, html, selection, date, datetime and binary: False when empty.
// - integer: 0 when empty. float and monetary: 0.0 when empty.
// - date: 'YYYY-MM-DD'. datetime: 'YYYY-MM-DD HH:MM:SS' in UTC.

import { invalidField } from '../faults.js';
import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import { PythonFloat } from '../python/values.js';
import type { Row, StoredValue } from '../record-store.js';
import type { Env } from './environment.js';
import { sortRows } from './ordering.js';
import { fieldValue, targetDisplayName } from './record-values.js';

export type ReadLoad = '_classic_read' | string;

/** Reads fields of the records. Ids that do not exist are left out without an error. */
export function readRecords(
  env: Env,
  model: ModelDefinition,
  ids: readonly number[],
  fieldNames: readonly string[] | null,
  load: ReadLoad = '_classic_read',
): Record<string, unknown>[] {
  const names = fieldNames && fieldNames.length > 0 ? fieldNames : [...model.fields.keys()];
  const fields = names.map((name) => {
    const field = model.fields.get(name);
    if (!field) throw invalidField(env.series, model.name, name, 'read');
    return field;
  });

  const result: Record<string, unknown>[] = [];
  for (const id of ids) {
    const row = env.store.get(model.name, id);
    if (!row) continue;
    const record: Record<string, unknown> = { id: row.id };
    for (const field of fields) {
      record[field.name] = formatForRead(env, model, row, field, load);
    }
    result.push(record);
  }
  return result;
}

function formatForRead(env: Env, model: ModelDefinition, row: Row, field: FieldInfo, load: ReadLoad): unknown {
  const value = fieldValue(env, model, row, field.name);
  switch (field.type) {
    case 'integer':
    case 'many2one_reference':
      return typeof value === 'number' ? value : 0;
    case 'float':
    case 'monetary':
      return new PythonFloat(typeof value === 'number' ? value : 0);
    case 'boolean':
      return value === true;
    case 'many2one':
      return formatMany2one(env, field, value, load);
    case 'one2many':
    case 'many2many':
      return formatX2many(env, field, value);
    case 'properties':
    case 'properties_definition':
    case 'json':
      return value !== null && typeof value === 'object' && 'json' in value ? value.json : false;
    default:
      return value === null ? false : value;
  }
}

function formatMany2one(env: Env, field: FieldInfo, value: StoredValue, load: ReadLoad): unknown {
  if (typeof value !== 'number') return false;
  if (load !== '_classic_read') return value;
  return [value, targetDisplayName(env, field.relation ?? '', value)];
}

/** Returns x2many ids in the target's default order, without archived targets. */
function formatX2many(env: Env, field: FieldInfo, value: StoredValue): number[] {
  const ids = Array.isArray(value) ? value : [];
  const comodel = field.relation ? env.registry.get(field.relation) : undefined;
  if (!comodel) return [...ids];

  const hasActive = comodel.fields.has('active');
  const rows = ids
    .map((id) => env.store.get(comodel.name, id))
    .filter((row): row is Row => row !== undefined && (!hasActive || row.active === true));
  return sortRows(env, comodel, rows, null).map((row) => row.id);
}

// The value of any field of a row: stored columns, one2many fields derived
// from their inverse many2one, related fields, and the computed fields the
// sandbox implements. Reads and searches both go through here.

import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import type { Row, StoredValue } from '../record-store.js';
import type { Env } from './environment.js';

const LOG_ACCESS_FALLBACK = ['write_date', 'create_date'];

/** Returns a field's value on a row, or null (an empty list for x2many) when the sandbox cannot compute it. */
export function fieldValue(env: Env, model: ModelDefinition, row: Row, fieldName: string): StoredValue {
  if (fieldName === 'id') return row.id;

  const field = model.fields.get(fieldName);
  if (!field) return null;

  const computed = model.behaviour.computedFields?.[fieldName];
  if (computed) return computed(env, row);
  if (fieldName === 'display_name') return displayName(env, model, row);
  if (fieldName === '__last_update') return lastUpdate(row);

  if (field.type === 'one2many') return one2manyIds(env, field, row);
  if (field.store && fieldName in row) return row[fieldName] ?? null;
  if (field.related) return relatedValue(env, model, row, field.related);
  return emptyValue(field);
}

/** Returns whether the sandbox can compute a non-stored field, so a search on it means something. */
export function isFieldComputable(model: ModelDefinition, field: FieldInfo): boolean {
  if (field.store || field.related || field.name === 'id') return true;
  if (field.name === 'display_name' || field.name === '__last_update') return true;
  return model.behaviour.computedFields?.[field.name] !== undefined;
}

function emptyValue(field: FieldInfo): StoredValue {
  return field.type === 'one2many' || field.type === 'many2many' ? [] : null;
}

/** Returns the record's `display_name`, as name_get() builds it. */
export function displayName(env: Env, model: ModelDefinition, row: Row): string {
  if (model.behaviour.displayName) return model.behaviour.displayName(env, row);

  const name = row[model.behaviour.recName ?? 'name'];
  if (typeof name === 'string') return name;
  // Odoo's fallback for records without a name.
  return `${model.name},${row.id}`;
}

/**
 * Returns the display name of a many2one target. Targets in models the
 * sandbox does not emulate get Odoo's fallback name `model,id`.
 */
export function targetDisplayName(env: Env, modelName: string, id: number): string {
  const target = env.registry.get(modelName);
  const row = target ? env.store.get(modelName, id) : undefined;
  if (!target || !row) return `${modelName},${id}`;
  return displayName(env, target, row);
}

function lastUpdate(row: Row): StoredValue {
  for (const name of LOG_ACCESS_FALLBACK) {
    const value = row[name];
    if (typeof value === 'string') return value;
  }
  return null;
}

/** Ids of the records whose inverse many2one points to this row, archived ones left out as Odoo does. */
function one2manyIds(env: Env, field: FieldInfo, row: Row): number[] {
  const comodel = field.relation ? env.registry.get(field.relation) : undefined;
  if (!comodel || !field.relationField) return [];

  const inverse = field.relationField;
  const hasActive = comodel.fields.has('active');
  return env.store
    .rows(comodel.name)
    .filter((child) => child[inverse] === row.id && (!hasActive || child.active !== false))
    .map((child) => child.id);
}

function relatedValue(env: Env, model: ModelDefinition, row: Row, path: readonly string[]): StoredValue {
  let currentModel = model;
  let currentRow: Row = row;

  for (const [index, step] of path.entries()) {
    const value = fieldValue(env, currentModel, currentRow, step);
    if (index === path.length - 1) return value;

    const field = currentModel.fields.get(step);
    const nextModel = field?.relation ? env.registry.get(field.relation) : undefined;
    // Through an x2many a related field takes the first record, as Odoo does.
    const nextId = Array.isArray(value) ? value[0] : value;
    const nextRow = nextModel && typeof nextId === 'number' ? env.store.get(nextModel.name, nextId) : undefined;
    if (!nextModel || !nextRow) {
      const lastField = nextModel?.fields.get(path[path.length - 1] ?? '');
      return lastField ? emptyValue(lastField) : null;
    }
    currentModel = nextModel;
    currentRow = nextRow;
  }
  return null;
}

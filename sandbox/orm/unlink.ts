// The ORM's unlink(): deletes records, applies ON DELETE to the rows that
// reference them, and removes their external ids as Odoo does.

import { foreignKeyViolation, missingRecord } from '../faults.js';
import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import type { OnDelete } from '../models/model-behaviour.js';
import type { Env } from './environment.js';

/** Deletes the records of `ids`. */
export function unlinkRecords(env: Env, model: ModelDefinition, ids: readonly number[]): void {
  // NOTE: observed on a real Odoo 16 for res.partner and crm.lead; models
  // without mail.thread may ignore ids that are already gone.
  const missingId = ids.find((id) => !env.store.has(model.name, id));
  if (missingId !== undefined) throw missingRecord(model.name, missingId, env.uid);

  model.behaviour.beforeUnlink?.(env, ids);
  const deleted = new Set(ids);
  removeExternalIds(env, model, deleted);
  for (const id of deleted) env.store.delete(model.name, id);

  for (const referencing of env.registry.all()) {
    for (const field of referencing.fields.values()) {
      if (!field.store || field.relation !== model.name) continue;
      if (field.type === 'many2one') applyOnDelete(env, referencing, field, deleted);
      if (field.type === 'many2many') removeFromMany2many(env, referencing, field, deleted);
    }
  }
}

/** Unlinking a record deletes its ir.model.data rows, so its external ids disappear with it. */
function removeExternalIds(env: Env, model: ModelDefinition, deleted: ReadonlySet<number>): void {
  if (!env.registry.has('ir.model.data')) return;
  for (const row of env.store.rows('ir.model.data')) {
    if (row.model === model.name && typeof row.res_id === 'number' && deleted.has(row.res_id)) {
      env.store.delete('ir.model.data', row.id);
    }
  }
}

function applyOnDelete(env: Env, referencing: ModelDefinition, field: FieldInfo, deleted: ReadonlySet<number>): void {
  const rows = env.store
    .rows(referencing.name)
    .filter((row) => typeof row[field.name] === 'number' && deleted.has(row[field.name] as number));
  if (rows.length === 0) return;

  const rule = onDeleteRule(referencing, field);
  if (rule === 'restrict') {
    throw foreignKeyViolation(env.series, referencing, `${referencing.table}_${field.name}_fkey`, {
      name: field.name,
      string: field.label,
    });
  }

  const ids = rows.map((row) => row.id);
  if (rule === 'cascade') {
    env.orm.unlink(env, referencing.name, ids);
    return;
  }
  for (const id of ids) env.store.update(referencing.name, id, { [field.name]: null });
  referencing.behaviour.recompute?.(env, ids);
}

function onDeleteRule(model: ModelDefinition, field: FieldInfo): OnDelete {
  const declared = model.behaviour.onDelete?.[field.name];
  if (declared) return declared;
  // Odoo makes a required many2one restrict unless the field declares otherwise.
  return field.required ? 'restrict' : 'set null';
}

function removeFromMany2many(env: Env, referencing: ModelDefinition, field: FieldInfo, deleted: ReadonlySet<number>): void {
  for (const row of env.store.rows(referencing.name)) {
    const ids = row[field.name];
    if (!Array.isArray(ids) || !ids.some((id) => deleted.has(id))) continue;
    env.store.update(referencing.name, row.id, { [field.name]: ids.filter((id) => !deleted.has(id)) });
  }
}

// The ORM's write(): the same values on every record of the id list.

import { missingRecord } from '../faults.js';
import type { ModelDefinition } from '../model-registry.js';
import type { ColumnValues } from '../models/model-behaviour.js';
import type { Row } from '../record-store.js';
import { checkForeignKeys, checkRowConstraints } from './constraints.js';
import type { Env } from './environment.js';
import { asValuesDict, checkFieldNames, prepareValues } from './prepare-values.js';
import { applyMany2manyCommands, applyOne2manyCommands } from './x2many-commands.js';

/** Writes the values to every record of `ids`. */
export function writeRecords(env: Env, model: ModelDefinition, ids: readonly number[], values: unknown): void {
  if (ids.length === 0) return;
  const dict = asValuesDict(values);
  checkFieldNames(env, model, dict, 'write');
  if (Object.keys(dict).length === 0) return;
  env.checkValues?.(model.name, dict);

  // NOTE: a real Odoo 16 raises this for models that read the records before
  // writing, through mail.thread tracking or record rules. On a plain model it
  // may update nothing and succeed, but the sandbox raises it for every model.
  const missingId = ids.find((id) => !env.store.has(model.name, id));
  if (missingId !== undefined) throw missingRecord(model.name, missingId, env.uid);

  const prepared = prepareValues(env, model, dict);
  const delegation = model.behaviour.delegation;

  for (const id of ids) {
    const current = env.store.get(model.name, id) as Row;
    const changes: ColumnValues = { ...prepared.columns };
    for (const [field, commands] of prepared.many2many) {
      const currentIds = current[field.name];
      changes[field.name] = applyMany2manyCommands(env, field, Array.isArray(currentIds) ? currentIds : [], commands);
    }
    model.behaviour.prepareWrite?.(env, current, changes);
    changes.write_uid = env.uid;
    changes.write_date = env.now;
    env.store.update(model.name, id, changes);

    const parentId = env.store.get(model.name, id)?.[delegation?.field ?? ''];
    if (delegation && typeof parentId === 'number' && Object.keys(prepared.delegated).length > 0) {
      env.orm.write(env, delegation.model, [parentId], prepared.delegated);
    }
  }

  for (const id of ids) checkRowConstraints(env, model, env.store.get(model.name, id) as Row);
  for (const id of ids) checkForeignKeys(env, model, env.store.get(model.name, id) as Row);
  for (const id of ids) {
    for (const [field, commands] of prepared.one2many) applyOne2manyCommands(env, field, id, commands);
  }

  model.behaviour.recompute?.(env, ids);
  model.behaviour.validate?.(env, ids);
  model.behaviour.afterWrite?.(env, ids);
}

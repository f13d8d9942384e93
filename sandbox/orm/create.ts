// The ORM's create(): defaults, `_inherits` parents, inserts, constraints and
// x2many commands, in the order Odoo 16 runs them, so a batch fails on the
// same record and with the same error as on a real server.

import type { ModelDefinition } from '../model-registry.js';
import type { ColumnValues } from '../models/model-behaviour.js';
import type { Row, StoredValue } from '../record-store.js';
import { checkForeignKeys, checkRowConstraints } from './constraints.js';
import type { Env } from './environment.js';
import { convertFieldValue } from './field-conversion.js';
import { asValuesDict, checkFieldNames, prepareValues, type PreparedValues } from './prepare-values.js';
import { applyMany2manyCommands, applyOne2manyCommands, parseX2manyCommands } from './x2many-commands.js';

/** Creates one record per values dict and returns their ids. */
export function createRecords(env: Env, model: ModelDefinition, valuesList: readonly unknown[]): number[] {
  const dicts = valuesList.map(asValuesDict);

  // Odoo rejects unknown fields of the whole batch before it converts any value.
  for (const values of dicts) checkFieldNames(env, model, values, 'create');
  for (const values of dicts) env.checkValues?.(model.name, values);
  const batch = dicts.map((values) => prepareValues(env, model, values));

  for (const prepared of batch) {
    applyDefaults(env, model, prepared);
    createDelegatedParent(env, model, prepared);
  }

  const rows = batch.map((prepared) => insertRow(env, model, prepared));

  // Foreign keys are checked at the end of the INSERT statement, after every
  // row of the batch passed its NOT NULL, CHECK and UNIQUE constraints.
  for (const row of rows) checkForeignKeys(env, model, row);

  batch.forEach((prepared, index) => {
    const id = rows[index]?.id ?? 0;
    for (const [field, commands] of prepared.one2many) applyOne2manyCommands(env, field, id, commands);
  });

  const ids = rows.map((row) => row.id);
  model.behaviour.recompute?.(env, ids);
  model.behaviour.validate?.(env, ids);
  model.behaviour.afterCreate?.(env, ids);
  return ids;
}

/** Fills stored fields the caller left out: context `default_<field>` first, then the field default. */
function applyDefaults(env: Env, model: ModelDefinition, prepared: PreparedValues): void {
  const contextDefaults = Object.keys(env.context).filter((key) => key.startsWith('default_'));
  const names = new Set([...contextDefaults.map((key) => key.slice('default_'.length)), ...Object.keys(model.behaviour.defaults ?? {})]);

  for (const name of names) {
    const field = model.fields.get(name);
    if (!field || !field.store || prepared.given.has(name) || field.type === 'one2many') continue;

    const contextKey = `default_${name}`;
    if (contextKey in env.context) {
      const value = env.context[contextKey];
      if (field.type === 'many2many') prepared.many2many.set(field, parseX2manyCommands(model, field, value));
      else prepared.columns[name] = convertFieldValue(model, field, value);
      continue;
    }

    const fieldDefault = model.behaviour.defaults?.[name];
    if (!fieldDefault) continue;
    // Defaults pass through the field's conversion, so a context language
    // that is not installed fails as on a real server.
    const value = fieldDefault(env);
    prepared.columns[name] = field.type === 'many2many' ? value : convertFieldValue(model, field, value);
  }
}

/** Creates the `_inherits` parent (e.g. the partner of a new user), or writes to the one given. */
function createDelegatedParent(env: Env, model: ModelDefinition, prepared: PreparedValues): void {
  const delegation = model.behaviour.delegation;
  if (!delegation) return;

  const parentId = prepared.columns[delegation.field];
  if (typeof parentId === 'number') {
    if (Object.keys(prepared.delegated).length > 0) {
      env.orm.write(env, delegation.model, [parentId], prepared.delegated);
    }
    return;
  }
  prepared.columns[delegation.field] = env.orm.create(env, delegation.model, prepared.delegated);
}

function insertRow(env: Env, model: ModelDefinition, prepared: PreparedValues): Row {
  const id = env.store.nextId(model.name);
  const columns: ColumnValues = {
    ...prepared.columns,
    create_uid: env.uid,
    create_date: env.now,
    write_uid: env.uid,
    write_date: env.now,
  };
  for (const [field, commands] of prepared.many2many) {
    const current = columns[field.name];
    columns[field.name] = applyMany2manyCommands(env, field, asIds(current), commands);
  }
  model.behaviour.prepareCreate?.(env, columns, prepared.given);

  const row: Row = { ...columns, id };
  env.store.insert(model.name, row);
  checkRowConstraints(env, model, row);
  return row;
}

function asIds(value: StoredValue | undefined): number[] {
  return Array.isArray(value) ? [...(value as readonly number[])] : [];
}

// ir.model.fields (base): one record per field. Creating one with
// state 'manual' adds a custom field to its model at once (see
// custom-fields.ts); unlinking it removes the field.
//
// Left out: related and computed custom fields (`related`, `compute`,
// `depends` are stored but do nothing), `selection_ids`, renaming a field's
// column (a renamed field starts empty), indexes, and the check that a
// required many2one does not use ON DELETE 'set null'.

import { missingRecord, userError, validationError } from '../faults.js';
import type { Env } from '../orm/environment.js';
import type { Row } from '../record-store.js';
import { parseSelection, registerCustomField, unregisterCustomField } from './custom-fields.js';
import type { ColumnValues, ModelBehaviour } from './model-behaviour.js';

const MODEL = 'ir.model.fields';

// PostgreSQL identifiers Odoo accepts as column names (check_pg_name).
const PG_NAME = /^[a-z_][a-z0-9_$]*$/i;

const INVALID_SELECTION =
  "The Selection Options expression is not a valid Pythonic expression. Please provide an expression in the [('key','Label'), ...] format.";

export const irModelFields: ModelBehaviour = {
  name: MODEL,
  description: 'Fields',
  order: 'name',
  recName: 'field_description',
  defaults: {
    state: () => 'manual',
    on_delete: () => 'set null',
    store: () => true,
    copied: () => true,
    index: () => false,
    readonly: () => false,
    required: () => false,
    translate: () => false,
    selectable: () => true,
    group_expand: () => false,
    tracking: () => 0,
  },
  onDelete: { model_id: 'cascade' },
  sqlConstraints: [
    { kind: 'unique', name: 'ir_model_fields_name_unique', columns: ['model', 'name'], message: 'Field names must be unique per model.' },
    {
      kind: 'check',
      name: 'ir_model_fields_size_gt_zero',
      message: 'Size of the field cannot be negative.',
      isViolated: (row) => typeof row.size === 'number' && row.size < 0,
    },
  ],
  computedFields: {
    selection: (_env, row) => (typeof row.selection === 'string' ? row.selection : null),
  },
  inverseFields: {
    // The deprecated `selection` string is kept as sent and parsed when the field is set up.
    selection: (value, columns) => {
      columns.selection = value;
    },
  },
  displayName: (_env, row) => `${String(row.field_description)} (${String(row.model)})`,
  prepareCreate(env, row) {
    const modelName = modelNameOf(env, row.model_id);
    if (modelName !== undefined) row.model = modelName;
    row.complete_name = typeof row.model === 'string' && typeof row.name === 'string' ? `${row.model}.${row.name}` : null;
    if (row.ttype === 'many2many' && typeof row.relation === 'string' && env.registry.has(row.relation) && !row.relation_table) {
      Object.assign(row, customMany2manyNames(String(row.model), row.relation));
    }
  },
  prepareWrite(env, current, changes) {
    if (current.state !== 'manual') {
      throw userError(
        'Properties of base fields cannot be altered in this manner! ' +
          'Please modify them through Python code, preferably through a custom addon!',
      );
    }
    if ('model_id' in changes && changes.model_id !== current.model_id) throw userError('Changing the model of a field is forbidden!');
    if ('ttype' in changes && changes.ttype !== current.ttype) {
      throw userError('Changing the type of a field is not yet supported. Please drop it and create it again!');
    }
    // Odoo never writes these columns of an existing field.
    for (const name of ['model_id', 'model', 'state']) delete changes[name];

    const updated = { ...current, ...changes } as Row;
    checkSelection(updated);
    unregisterCustomField(env, current);
    registerCustomField(env, updated);
  },
  validate(env, ids) {
    for (const id of ids) {
      const row = env.store.get(MODEL, id);
      if (!row || typeof row.name !== 'string') continue;
      if (row.state === 'manual' && !row.name.startsWith('x_')) {
        throw validationError("Custom fields must have a name that starts with 'x_' !");
      }
      if (!PG_NAME.test(row.name) || row.name.length > 63) {
        throw validationError('Field names can only contain characters, digits and underscores (up to 63).');
      }
    }
  },
  afterCreate(env, ids) {
    for (const id of ids) {
      const row = env.store.get(MODEL, id);
      if (!row || row.state !== 'manual') continue;
      checkRelation(env, row);
      checkSelection(row);
      registerCustomField(env, row);
    }
  },
  beforeUnlink(env, ids) {
    const rows = ids.map((id) => env.store.get(MODEL, id)).filter((row): row is Row => row !== undefined);
    if (rows.some((row) => row.state !== 'manual')) throw userError('This column contains module data and cannot be removed!');
    for (const row of rows) unregisterCustomField(env, row);
  },
};

/** Reads the model name of `model_id`, as Odoo's create does before anything else. */
function modelNameOf(env: Env, modelId: unknown): string | undefined {
  if (typeof modelId !== 'number') return undefined;
  const model = env.store.get('ir.model', modelId);
  if (!model) throw missingRecord('ir.model', modelId, env.uid);
  return typeof model.model === 'string' ? model.model : undefined;
}

/** Checks the comodel of a relational custom field, and the inverse many2one of a one2many. */
function checkRelation(env: Env, row: Row): void {
  const relation = typeof row.relation === 'string' && row.relation !== '' ? row.relation : undefined;
  const relational = ['many2one', 'one2many', 'many2many'].includes(String(row.ttype));
  // NOTE: a real Odoo 16 accepts a relational custom field without a
  // relation and leaves it out of the model. The sandbox rejects it as an
  // unknown model instead.
  if ((relation || relational) && !(relation && env.registry.has(relation))) {
    throw userError(`Model ${relation ?? 'False'} does not exist!`);
  }
  if (row.ttype !== 'one2many' || !relation) return;
  const inverse = env.registry.get(relation)?.fields.get(String(row.relation_field));
  if (inverse?.type !== 'many2one') {
    throw userError(`Many2one ${String(row.relation_field)} on model ${relation} does not exist!`);
  }
}

function checkSelection(row: Row | ColumnValues): void {
  if (row.ttype !== 'selection') return;
  try {
    parseSelection(row.selection);
  } catch {
    throw userError(INVALID_SELECTION);
  }
}

/** Odoo's default relation table and columns of a custom many2many field. */
function customMany2manyNames(model: string, comodel: string): ColumnValues {
  const [table1, table2] = [model, comodel].map((name) => name.replace(/\./g, '_'));
  const sorted = [table1, table2].sort();
  return {
    relation_table: `x_${sorted[0]}_${sorted[1]}_rel`,
    column1: table1 === table2 ? 'id1' : `${table1}_id`,
    column2: table1 === table2 ? 'id2' : `${table2}_id`,
  };
}

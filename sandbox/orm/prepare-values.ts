// Splits the values of a create or write by where they go, as Odoo's create()
// and write() do: columns of the record, x2many commands, fields of the
// `_inherits` parent, inverse methods, and fields Odoo drops without a word.

import { attributeError, invalidField } from '../faults.js';
import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import type { ColumnValues } from '../models/model-behaviour.js';
import { pythonTypeName } from '../python/builtins.js';
import type { Env } from './environment.js';
import { convertFieldValue } from './field-conversion.js';
import { parseX2manyCommands, type X2manyCommand } from './x2many-commands.js';

/**
 * Fields that create and write ignore: the id, the log-access fields (only the
 * superuser may set them while modules load), and computed names.
 */
const IGNORED_FIELDS = new Set([
  'id',
  'parent_path',
  'create_uid',
  'create_date',
  'write_uid',
  'write_date',
  '__last_update',
  'display_name',
]);

export interface PreparedValues {
  columns: ColumnValues;
  many2many: Map<FieldInfo, X2manyCommand[]>;
  one2many: Map<FieldInfo, X2manyCommand[]>;
  /** Values for the `_inherits` parent record, by the parent's field names. */
  delegated: Record<string, unknown>;
  /** The fields the caller sent, ignored ones left out. */
  given: Set<string>;
}

/** Returns the values dict of a create or write, or raises Odoo's error when it is something else. */
export function asValuesDict(value: unknown): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw attributeError(`'${pythonTypeName(value)}' object has no attribute 'items'`);
}

/** Raises Odoo's error for the first key that is not a field of the model. */
export function checkFieldNames(
  env: Env,
  model: ModelDefinition,
  values: Record<string, unknown>,
  operation: 'create' | 'write',
): void {
  for (const name of Object.keys(values)) {
    if (!model.fields.has(name)) throw invalidField(env.series, model.name, name, operation);
  }
}

/** Converts the values of one record and sorts them by destination. */
export function prepareValues(env: Env, model: ModelDefinition, values: Record<string, unknown>): PreparedValues {
  const prepared: PreparedValues = {
    columns: {},
    many2many: new Map(),
    one2many: new Map(),
    delegated: {},
    given: new Set(),
  };
  const delegation = model.behaviour.delegation;

  for (const [name, value] of Object.entries(values)) {
    const field = model.fields.get(name);
    if (!field || IGNORED_FIELDS.has(name)) continue;
    prepared.given.add(name);

    const related = field.related;
    if (!field.store && delegation && related?.length === 2 && related[0] === delegation.field) {
      prepared.delegated[related[1] ?? name] = value;
    } else if (field.type === 'one2many') {
      prepared.one2many.set(field, parseX2manyCommands(model, field, value));
    } else if (field.type === 'many2many' && field.store) {
      prepared.many2many.set(field, parseX2manyCommands(model, field, value));
    } else if (field.store) {
      prepared.columns[name] = convertFieldValue(model, field, value);
    } else {
      applyInverse(model, field, value, prepared.columns);
    }
  }

  // Model overrides see every column at once, e.g. to normalise a website.
  model.behaviour.cleanValues?.(env, prepared.columns);
  return prepared;
}

/** Hands a non-stored field to its inverse method. As in Odoo, fields without one are dropped. */
function applyInverse(model: ModelDefinition, field: FieldInfo, value: unknown, columns: ColumnValues): void {
  const inverse = model.behaviour.inverseFields?.[field.name];
  if (inverse) inverse(convertFieldValue(model, field, value), columns);
}

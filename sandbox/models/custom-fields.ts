// Custom fields: an ir.model.fields record with state 'manual' becomes a
// field of its model at once, as Odoo reloads its registry after creating
// one. The registry change is undone with the transaction that made it.

import type { FieldInfo } from '../model-registry.js';
import { parseField } from '../model-registry.js';
import type { Env } from '../orm/environment.js';
import { literalEval } from '../python/literal-eval.js';
import type { Row } from '../record-store.js';

const COMMON_ATTRIBUTES = {
  change_default: false,
  company_dependent: false,
  default_export_compatible: false,
  depends: [],
  exportable: true,
  manual: true,
  searchable: true,
};

/** Builds the field that an ir.model.fields row describes, with the fields_get entry Odoo 16 gives such a field. */
export function buildCustomField(row: Row): FieldInfo {
  const name = String(row.name);
  const type = String(row.ttype);
  const store = row.store !== false;
  const description: Record<string, unknown> = {
    ...COMMON_ATTRIBUTES,
    name,
    type,
    string: typeof row.field_description === 'string' ? row.field_description : name,
    readonly: row.readonly === true,
    required: row.required === true,
    store,
    sortable: store && type !== 'one2many' && type !== 'many2many' && type !== 'binary',
  };
  if (typeof row.help === 'string' && row.help !== '') description.help = row.help;

  if (['char', 'text', 'html'].includes(type)) description.translate = row.translate === true;
  if (type === 'char') {
    description.trim = true;
    if (typeof row.size === 'number' && row.size > 0) description.size = row.size;
  }
  if (['integer', 'float', 'monetary'].includes(type)) description.group_operator = 'sum';
  if (type === 'selection') description.selection = parseSelection(row.selection);
  if (['many2one', 'one2many', 'many2many'].includes(type)) {
    description.relation = row.relation;
    description.context = {};
    description.domain = [];
  }
  if (type === 'one2many') description.relation_field = row.relation_field;
  return parseField(name, description);
}

/** Parses the selection string of a custom field into `[key, label]` pairs, or raises LiteralSyntaxError. */
export function parseSelection(text: unknown): [unknown, string][] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  const value = literalEval(text);
  if (!Array.isArray(value)) throw new TypeError('a selection must be a list');
  return value.map((item) => {
    if (!Array.isArray(item) || item.length !== 2) throw new TypeError('a selection item must be a pair');
    return [item[0], String(item[1])];
  });
}

/** Adds or replaces the custom field of an ir.model.fields row in the registry, undone on rollback. */
export function registerCustomField(env: Env, row: Row): void {
  const model = String(row.model);
  const previous = env.registry.setField(model, buildCustomField(row));
  env.store.onRollback(() => {
    if (previous) env.registry.setField(model, previous);
    else env.registry.removeField(model, String(row.name));
  });
}

/** Removes the custom field of an ir.model.fields row from the registry, undone on rollback. */
export function unregisterCustomField(env: Env, row: Row): void {
  const model = String(row.model);
  const previous = env.registry.removeField(model, String(row.name));
  if (previous) env.store.onRollback(() => env.registry.setField(model, previous));
}

/** Registers every custom field recorded in ir.model.fields, e.g. after loading a saved database. */
export function registerCustomFields(env: Env): void {
  for (const row of env.store.rows('ir.model.fields')) {
    if (row.state === 'manual' && env.registry.has(String(row.model))) {
      env.registry.setField(String(row.model), buildCustomField(row));
    }
  }
}

// Field metadata of the emulated models. Fields come from the `fields_get`
// output of a real Odoo 16.0 server, in files under fields/odoo16/ loaded at
// run time. What fields_get does not show (model description, order,
// defaults, constraints) comes from the model behaviours under models/.
// Custom fields (`x_` fields created through ir.model.fields) are added to
// and removed from a running registry.

import { readFileSync } from 'node:fs';

import type { ModelBehaviour } from './models/model-behaviour.js';
import { ODOO16_BEHAVIOURS } from './models/index.js';
import { seriesTraits, type OdooSeries } from './odoo-series.js';

/** One field, read from its `fields_get` entry. */
export interface FieldInfo {
  readonly name: string;
  readonly type: string;
  /** The field label (`string` in fields_get). */
  readonly label: string;
  readonly store: boolean;
  readonly readonly: boolean;
  readonly required: boolean;
  readonly relation?: string;
  /** The inverse many2one of a one2many. */
  readonly relationField?: string;
  readonly selection?: readonly (readonly [unknown, string])[];
  /** The path of a related field, e.g. `['partner_id', 'name']`. */
  readonly related?: readonly string[];
  /** Whether the field is computed from other fields (fields_get lists its `depends`). */
  readonly computed: boolean;
  readonly searchable?: boolean;
  /** The field's fields_get entry, returned as is by `fields_get`. */
  readonly description: Readonly<Record<string, unknown>>;
}

export interface ModelDefinition {
  readonly name: string;
  /** The model's `_description`, e.g. `Lead/Opportunity`. */
  readonly description: string;
  readonly table: string;
  /** The model's default `_order`. */
  readonly order: string;
  readonly fields: ReadonlyMap<string, FieldInfo>;
  readonly behaviour: ModelBehaviour;
}

/** The models one sandbox serves, by technical name. */
export class ModelRegistry {
  private readonly models = new Map<string, ModelDefinition>();
  /** The field maps of the models, which custom fields change in place. */
  private readonly fieldMaps = new Map<string, Map<string, FieldInfo>>();

  constructor(readonly series: OdooSeries = '16.0') {}

  add(model: Omit<ModelDefinition, 'fields'>, fields: Map<string, FieldInfo>): void {
    this.models.set(model.name, { ...model, fields });
    this.fieldMaps.set(model.name, fields);
  }

  /** Adds or replaces a field of a model; returns the field it replaced. */
  setField(modelName: string, field: FieldInfo): FieldInfo | undefined {
    const fields = this.fieldMaps.get(modelName);
    if (!fields) throw new Error(`Sandbox bug: model ${modelName} is not registered`);
    const previous = fields.get(field.name);
    fields.set(field.name, field);
    return previous;
  }

  /** Removes a field of a model; returns the removed field. */
  removeField(modelName: string, fieldName: string): FieldInfo | undefined {
    const fields = this.fieldMaps.get(modelName);
    const previous = fields?.get(fieldName);
    fields?.delete(fieldName);
    return previous;
  }

  get(name: string): ModelDefinition | undefined {
    return this.models.get(name);
  }

  /** Returns the model; for names the sandbox code itself uses, so absence is a sandbox bug. */
  require(name: string): ModelDefinition {
    const model = this.models.get(name);
    if (!model) throw new Error(`Sandbox bug: model ${name} is not registered`);
    return model;
  }

  has(name: string): boolean {
    return this.models.has(name);
  }

  all(): ModelDefinition[] {
    return [...this.models.values()];
  }
}

/**
 * Builds the registry of the models the sandbox emulates. Every series uses
 * the 16.0 field metadata, with the labels and descriptions of `series`.
 */
export function createRegistry(series: OdooSeries = '16.0'): ModelRegistry {
  const registry = new ModelRegistry(series);
  const traits = seriesTraits(series);
  const labels = series === '16.0' ? {} : loadLabels(series);

  for (const behaviour of ODOO16_BEHAVIOURS) {
    const fieldsGet = relabel(loadFieldsGet('odoo16', behaviour.name), labels[behaviour.name] ?? {});
    registry.add(
      {
        name: behaviour.name,
        description: traits.modelDescriptions[behaviour.name] ?? behaviour.description,
        table: behaviour.name.replace(/\./g, '_'),
        order: behaviour.order,
        behaviour,
      },
      parseFields(fieldsGet),
    );
  }
  return registry;
}

/** Builds the registry of the Odoo 16.0 models the sandbox emulates. */
export function createOdoo16Registry(): ModelRegistry {
  return createRegistry('16.0');
}

function loadFieldsGet(folder: string, model: string): Record<string, Record<string, unknown>> {
  const url = new URL(`./fields/${folder}/fields_get.${model}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, Record<string, unknown>>;
}

type LabelOverrides = Record<string, Record<string, string>>;

/** Loads the field labels that a series changed, by model and field. */
function loadLabels(series: OdooSeries): LabelOverrides {
  const folder = `odoo${series.split('.')[0] ?? ''}`;
  const url = new URL(`./fields/${folder}/labels.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as LabelOverrides;
}

function relabel(
  fieldsGet: Record<string, Record<string, unknown>>,
  labels: Readonly<Record<string, string>>,
): Record<string, Record<string, unknown>> {
  for (const [name, label] of Object.entries(labels)) {
    const description = fieldsGet[name];
    if (description) description.string = label;
  }
  return fieldsGet;
}

function parseFields(fieldsGet: Record<string, Record<string, unknown>>): Map<string, FieldInfo> {
  const fields = new Map<string, FieldInfo>();
  for (const [name, description] of Object.entries(fieldsGet)) fields.set(name, parseField(name, description));
  return fields;
}

/** Reads one field from its `fields_get` entry. */
export function parseField(name: string, description: Record<string, unknown>): FieldInfo {
  const depends = description.depends;
  const related = description.related;
  return {
    name,
    type: String(description.type),
    label: String(description.string ?? name),
    store: description.store === true,
    readonly: description.readonly === true,
    required: description.required === true,
    relation: typeof description.relation === 'string' ? description.relation : undefined,
    relationField: typeof description.relation_field === 'string' ? description.relation_field : undefined,
    selection: Array.isArray(description.selection)
      ? (description.selection as [unknown, string][]).map(([key, label]) => [key, label] as const)
      : undefined,
    related: typeof related === 'string' ? related.split('.') : undefined,
    computed: Array.isArray(depends) && depends.length > 0,
    searchable: typeof description.searchable === 'boolean' ? description.searchable : undefined,
    description,
  };
}

// The ORM's fields_get(): the recorded metadata of a real Odoo 16 server.

import type { ModelDefinition } from '../model-registry.js';
import { isTruthy } from '../python/builtins.js';

/**
 * Returns the description of the requested fields (all when `allfields` is
 * empty), keeping only the requested attributes (all when `attributes` is
 * empty). Unknown names in either list are skipped, as Odoo skips them.
 */
export function fieldsGet(
  model: ModelDefinition,
  allfields: unknown,
  attributes: unknown,
): Record<string, Record<string, unknown>> {
  const requestedFields = isTruthy(allfields) && Array.isArray(allfields) ? new Set(allfields) : undefined;
  const requestedAttributes = isTruthy(attributes) && Array.isArray(attributes) ? new Set(attributes) : undefined;

  const result: Record<string, Record<string, unknown>> = {};
  for (const [name, field] of model.fields) {
    if (requestedFields && !requestedFields.has(name)) continue;
    const description: Record<string, unknown> = {};
    for (const [attribute, value] of Object.entries(field.description)) {
      if (requestedAttributes && !requestedAttributes.has(attribute)) continue;
      description[attribute] = structuredClone(value);
    }
    result[name] = description;
  }
  return result;
}

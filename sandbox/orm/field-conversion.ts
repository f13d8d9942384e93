// Converts a value sent by the client into the stored form of a scalar or
// many2one field, as Odoo 16's convert_to_cache and convert_to_column do,
// raising the same errors for values they reject.

import {
  conversionError,
  invalidTextRepresentation,
  wrongSelectionValue,
} from '../faults.js';
import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import { isTruthy, pythonFloat, pythonInt, pythonTypeName } from '../python/builtins.js';
import { pythonRepr, pythonStr } from '../python/repr.js';
import { slicePrefix, strptime } from '../python/strptime.js';
import { XmlRpcBinary } from '../python/values.js';
import type { StoredValue } from '../record-store.js';

const DATE_FORMAT = '%Y-%m-%d';
const DATETIME_FORMAT = '%Y-%m-%d %H:%M:%S';

/** Converts a client value for a stored, non-x2many field. */
export function convertFieldValue(model: ModelDefinition, field: FieldInfo, value: unknown): StoredValue {
  switch (field.type) {
    case 'char':
    case 'text':
    case 'html':
      return convertText(field, value);
    case 'selection':
      return convertSelection(model, field, value);
    case 'integer':
    case 'many2one_reference':
      // Odoo stores int(value or 0), so False becomes 0, not NULL.
      return isTruthy(value) ? pythonInt(value) : 0;
    case 'float':
    case 'monetary':
      return isTruthy(value) ? pythonFloat(value) : 0;
    case 'boolean':
      return isTruthy(value);
    case 'date':
      return convertDate(value);
    case 'datetime':
      return convertDatetime(value);
    case 'many2one':
      return convertMany2one(value);
    case 'binary':
      return convertBinary(value);
    case 'properties':
    case 'properties_definition':
    case 'json':
      return value === null || value === false || value === undefined ? null : { json: value };
    default:
      return isTruthy(value) ? pythonStr(value) : null;
  }
}

function convertText(field: FieldInfo, value: unknown): StoredValue {
  if (value === null || value === undefined || value === false) return null;
  const text = pythonStr(value);
  const size = field.description.size;
  return typeof size === 'number' && size > 0 ? text.slice(0, size) : text;
}

function convertSelection(model: ModelDefinition, field: FieldInfo, value: unknown): StoredValue {
  if (value === null || value === undefined || value === false) return null;
  const offered = (field.selection ?? []).some(([key]) => key === value);
  if (!offered || (typeof value !== 'string' && typeof value !== 'number')) {
    throw wrongSelectionValue(model.name, field.name, pythonRepr(value));
  }
  return value;
}

function convertDate(value: unknown): StoredValue {
  if (!isTruthy(value)) return null;
  if (typeof value !== 'string') {
    // Odoo slices the value before parsing it: value[:10].
    const typeName = pythonTypeName(value);
    if (typeName === 'list') {
      throw conversionError('builtins.TypeError', 'strptime() argument 1 must be str, not list');
    }
    throw conversionError('builtins.TypeError', `'${typeName}' object is not subscriptable`);
  }

  const parsed = strptime(value.slice(0, 10), DATE_FORMAT);
  return formatDate(parsed.year, parsed.month, parsed.day);
}

function convertDatetime(value: unknown): StoredValue {
  if (!isTruthy(value)) return null;
  if (typeof value !== 'string') {
    // Odoo measures the value to pick the format: len(value).
    const typeName = pythonTypeName(value);
    if (typeName === 'list') {
      throw conversionError('builtins.TypeError', 'strptime() argument 1 must be str, not list');
    }
    throw conversionError('builtins.TypeError', `object of type '${typeName}' has no len()`);
  }

  // Odoo cuts the format to the value's length, so "2024-01-31" parses as a
  // date at midnight while "2024-01-31T10:00:00" and zone suffixes fail.
  const parsed = strptime(value, slicePrefix(DATETIME_FORMAT, value.length - 2));
  const time = [parsed.hour, parsed.minute, parsed.second].map((part) => String(part).padStart(2, '0'));
  return `${formatDate(parsed.year, parsed.month, parsed.day)} ${time.join(':')}`;
}

function convertMany2one(value: unknown): StoredValue {
  if (!isTruthy(value)) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    // Odoo passes a string id to PostgreSQL, which casts it or rejects it.
    if (/^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
    throw invalidTextRepresentation(`invalid input syntax for type integer: "${value}"`);
  }
  // NOTE: Odoo 16's cache turns other values, such as the [id, name] pair
  // that read returns, into an empty many2one. This path was not checked
  // against a live server.
  return null;
}

function convertBinary(value: unknown): StoredValue {
  if (!isTruthy(value)) return null;
  if (value instanceof XmlRpcBinary) return value.data.toString('base64');
  return pythonStr(value);
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Python built-ins as Odoo applies them to incoming values: truthiness, int(),
// float(), and the type names that appear in Python's error messages.

import { conversionError } from '../faults.js';
import { formatPythonString } from './repr.js';
import { XmlRpcBinary, XmlRpcDateTime } from './values.js';

/** Returns Python's bool() of a value received over XML-RPC. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof XmlRpcBinary) return value.data.length > 0;
  if (value instanceof XmlRpcDateTime) return true;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Returns the Python type name of a value received over XML-RPC. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (value instanceof XmlRpcDateTime) return 'DateTime';
  if (value instanceof XmlRpcBinary) return 'Binary';
  return 'dict';
}

const INTEGER_LITERAL = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const FLOAT_LITERAL =
  /^\s*[+-]?(?:(?:\d+(?:_\d+)*)?\.\d+(?:_\d+)*(?:[eE][+-]?\d+(?:_\d+)*)?|\d+(?:_\d+)*\.?(?:[eE][+-]?\d+(?:_\d+)*)?|inf|infinity|nan)\s*$/i;

/** Applies Python's int() to a value; raises the ValueError or TypeError Python raises. */
export function pythonInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw conversionError('builtins.ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(value)) {
      throw conversionError('builtins.OverflowError', 'cannot convert float infinity to integer');
    }
    return Math.trunc(value);
  }
  if (typeof value === 'string') {
    if (!INTEGER_LITERAL.test(value)) {
      throw conversionError(
        'builtins.ValueError',
        `invalid literal for int() with base 10: ${formatPythonString(value)}`,
      );
    }
    return Number.parseInt(value.replace(/_/g, '').trim(), 10);
  }
  throw conversionError(
    'builtins.TypeError',
    `int() argument must be a string, a bytes-like object or a real number, not '${pythonTypeName(value)}'`,
  );
}

/** Applies Python's float() to a value; raises the ValueError or TypeError Python raises. */
export function pythonFloat(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (!FLOAT_LITERAL.test(value)) {
      throw conversionError('builtins.ValueError', `could not convert string to float: ${formatPythonString(value)}`);
    }
    const text = value.replace(/_/g, '').trim().toLowerCase();
    if (text.endsWith('nan')) return Number.NaN;
    if (text.endsWith('inf') || text.endsWith('infinity')) return text.startsWith('-') ? -Infinity : Infinity;
    return Number.parseFloat(text);
  }
  throw conversionError(
    'builtins.TypeError',
    `float() argument must be a string or a real number, not '${pythonTypeName(value)}'`,
  );
}

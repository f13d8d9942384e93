import type { PlanField } from '../compiler/plan-types.js';
import type { EvaluatedValue } from './evaluate-expression.js';
import { isPendingReference } from './evaluate-expression.js';
import { reject } from './reject.js';

/**
 * A value ready for Odoo's XML-RPC API; `false` clears a field, as Odoo
 * expects. A many2many value is the command that replaces the whole set:
 * `[[6, 0, ids]]`.
 */
export type OdooValue = string | number | boolean | ReadonlyArray<readonly [6, 0, readonly number[]]>;

const pegaDateTime = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.\d{1,3})?(?: GMT)?$/;
const pegaDate = /^(\d{4})(\d{2})(\d{2})$/;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const odooDateTime = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Converts an evaluated value to what Odoo stores for the field's type.
 * Pega DateTimes (`20201016T032300.000 GMT`) are GMT and Odoo datetimes are
 * naive UTC strings, so the conversion only reformats. Throws
 * `RecordRejected` for a value that does not convert.
 */
export function toOdooValue(value: Exclude<EvaluatedValue, { ref: string }>, field: PlanField): OdooValue {
  if (field.type === 'many2many') {
    const ids = Array.isArray(value) ? [...new Set(value as readonly number[])].sort((a, b) => a - b) : [];
    return [[6, 0, ids]];
  }
  if (value === null) return false;
  const text = String(value);
  const invalid = (expected: string): never =>
    reject('invalid-value', `${field.field}: ${JSON.stringify(text)} is not ${expected}`, `${field.field} is not ${expected}`);

  switch (field.type) {
    case 'char':
    case 'text':
    case 'html':
    case 'selection':
      return text;
    case 'integer': {
      if (!/^-?\d+(?:\.0+)?$/.test(text.trim())) return invalid('an integer');
      return Number.parseInt(text, 10);
    }
    case 'float':
    case 'monetary': {
      const number = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(number)) return invalid('a number');
      return number;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (text === 'true' || text === 'false') return text === 'true';
      return invalid('true or false');
    case 'date': {
      const match = pegaDate.exec(text) ?? isoDate.exec(text);
      if (!match) return invalid('a Pega Date (yyyyMMdd)');
      return `${match[1]}-${match[2]}-${match[3]}`;
    }
    case 'datetime': {
      if (odooDateTime.test(text)) return text;
      const match = pegaDateTime.exec(text);
      if (!match) return invalid('a Pega DateTime (yyyyMMddTHHmmss.SSS GMT)');
      return `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}:${match[6]}`;
    }
    case 'many2one':
    case 'many2one_reference':
      if (typeof value === 'number') return value;
      return invalid('a record id');
    case 'binary':
      // base64(...) gives canonical Base64 text, which Odoo takes as it is.
      return text;
    default:
      return invalid(`a value pmap can write to a ${field.type} field`);
  }
}

/** Normalises a value read back from Odoo for comparison with a value pmap would send. */
export function normalizeReadValue(value: unknown, field: PlanField): OdooValue {
  if (field.type === 'many2many') return [[6, 0, Array.isArray(value) ? [...(value as number[])].sort((a, b) => a - b) : []]];
  if (value === null || value === undefined) return false;
  if (field.type === 'many2one') return Array.isArray(value) ? (value[0] as number) : (value as OdooValue);
  if (field.type === 'float' || field.type === 'monetary') return typeof value === 'number' ? value : Number(value);
  return value as OdooValue;
}

/** True when Odoo would store the same thing for both values (an empty text equals a cleared field). */
export function sameOdooValue(sent: OdooValue, stored: OdooValue, field: PlanField): boolean {
  if (field.type === 'many2many') return JSON.stringify(sent) === JSON.stringify(stored);
  if (field.type === 'char' || field.type === 'text' || field.type === 'html' || field.type === 'selection') {
    return (sent === false ? '' : sent) === (stored === false ? '' : stored);
  }
  // Odoo reads an empty integer column as 0, and many2one_reference (res_id) is an integer field.
  const numeric = field.type === 'integer' || field.type === 'many2one_reference' || field.type === 'float' || field.type === 'monetary';
  if (numeric && (sent === false || stored === false)) {
    return (sent === false ? 0 : sent) === (stored === false ? 0 : stored);
  }
  return sent === stored;
}

export { isPendingReference };

// Python's repr() and str() for the values that XML-RPC carries, so error
// messages quote values exactly as Odoo's do (`'7'`, `('foo', '=', 1)`).

import { PythonFloat, XmlRpcBinary, XmlRpcDateTime } from './values.js';

/** Formats a number as Python's repr() formats an int or a float. */
export function formatPythonNumber(value: number, isFloat = !Number.isInteger(value)): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (!isFloat) return String(value);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';

  // Both languages print the shortest digits that round-trip, but Python uses
  // exponent notation below 1e-4 and from 1e16 on, JavaScript below 1e-6 and
  // from 1e21 on, and Python writes whole floats with ".0".
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');

  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;

  const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fractionPart = digits.slice(exponent + 1) || '0';
  return `${sign}${integerPart}.${fractionPart}`;
}

/** Formats a string literal as Python's repr() does. */
export function formatPythonString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let body = '';
  for (const char of value) {
    body += escapeCharacter(char, quote);
  }
  return quote + body + quote;
}

function escapeCharacter(char: string, quote: string): string {
  if (char === '\\') return '\\\\';
  if (char === quote) return `\\${quote}`;
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';

  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code >= 0x80 && code <= 0xa0) return `\\x${code.toString(16)}`;
  return char;
}

/** Returns Python's repr() of a value received over XML-RPC. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return formatPythonNumber(value);
  if (typeof value === 'string') return formatPythonString(value);
  if (value instanceof PythonFloat) return formatPythonNumber(value.value, true);
  if (value instanceof XmlRpcDateTime) return `<DateTime '${formatXmlRpcDateTime(value)}'>`;
  if (value instanceof XmlRpcBinary) return '<xmlrpc.client.Binary>';
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([key, item]) => `${formatPythonString(key)}: ${pythonRepr(item)}`);
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

/** Returns Python's repr() of a tuple, e.g. a domain leaf `('foo', '=', 1)`. */
export function pythonTupleRepr(items: readonly unknown[]): string {
  if (items.length === 1) return `(${pythonRepr(items[0])},)`;
  return `(${items.map(pythonRepr).join(', ')})`;
}

/** Returns Python's str() of a value received over XML-RPC. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof XmlRpcDateTime) return formatXmlRpcDateTime(value);
  return pythonRepr(value);
}

/** Formats a DateTime as `xmlrpc.client.DateTime` prints it: `20240131T10:00:00`. */
function formatXmlRpcDateTime(value: XmlRpcDateTime): string {
  const iso = value.value.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 19)}`;
}

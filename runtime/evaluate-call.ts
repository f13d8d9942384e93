import type { PlanExpression, PlanLiteral } from '../compiler/plan-types.js';
import { reject } from './reject.js';
import { e164Phone, odooDate, odooDateTime, parseDateTime, parseDecimal, parseInteger } from './transforms/parse-functions.js';
import { toBase64, type BinaryTextForm } from './transforms/binary-functions.js';
import { normalizeEmail, regexExtract, replaceAll, title, toHtml, truncate } from './transforms/text-functions.js';

type Call = Extract<PlanExpression, { op: 'call' }>;
type Scalar = string | number | boolean | null;

function textOf(value: Scalar): string | null {
  return value === null ? null : String(value);
}

function isEmpty(value: Scalar): boolean {
  return value === null || value === '';
}

/** Names the input of a call in reject messages: the column when there is one. */
function describeInput(call: Call): string {
  const first = call.args[0];
  return first?.op === 'column' ? `${call.fn}(${first.name})` : call.fn;
}

/**
 * Handles text that does not parse as the call's `invalid` option sets:
 * keep the text, write null, or reject the record.
 */
function invalid(call: Call, text: string, expected: string, fallback: 'keep' | 'null' | 'reject'): Scalar {
  const choice = (call.options?.invalid as string | undefined) ?? fallback;
  if (choice === 'keep') return text;
  if (choice === 'null') return null;
  return reject('invalid-value', `${describeInput(call)}: ${JSON.stringify(text)} is not ${expected}`, `${describeInput(call)} is not ${expected}`);
}

/** Applies a function of the transform library to evaluated arguments. */
export function evaluateCall(call: Call, args: readonly Scalar[]): Scalar | readonly string[] {
  const first = textOf(args[0] ?? null);
  const option = (name: string): PlanLiteral | undefined => call.options?.[name];

  switch (call.fn) {
    case 'trim':
      return first?.trim() ?? null;
    case 'lower':
      return first?.toLowerCase() ?? null;
    case 'upper':
      return first?.toUpperCase() ?? null;
    case 'title':
      return first === null ? null : title(first);
    case 'truncate':
      return first === null ? null : truncate(first, Number(args[1]));
    case 'replace':
      return first === null ? null : replaceAll(first, String(args[1]), String(args[2]));
    case 'regex_extract':
      return first === null ? null : regexExtract(first, String(args[1]), args[2] === undefined ? 0 : Number(args[2]));
    case 'split': {
      if (first === null) return [];
      return first.split(String(args[1])).map((part) => part.trim()).filter((part) => part !== '');
    }
    case 'join': {
      const [separator, ...parts] = args.map(textOf);
      const present = parts.filter((part): part is string => part !== null && part !== '');
      return present.length > 0 ? present.join(separator ?? '') : null;
    }
    case 'coalesce':
      return args.find((value) => !isEmpty(value)) ?? null;
    case 'default':
      return isEmpty(args[0] ?? null) ? (args[1] ?? null) : args[0]!;
    case 'nullif':
      return textOf(args[0] ?? null) === textOf(args[1] ?? null) ? null : (args[0] ?? null);
    case 'integer':
      if (first === null || first.trim() === '') return null;
      return typeof args[0] === 'number' && Number.isInteger(args[0]) ? args[0] : (parseInteger(first) ?? invalid(call, first, 'an integer', 'reject'));
    case 'decimal':
      if (first === null || first.trim() === '') return null;
      return typeof args[0] === 'number' ? args[0] : (parseDecimal(first) ?? invalid(call, first, 'a decimal number', 'reject'));
    case 'round': {
      if (first === null) return null;
      const number = typeof args[0] === 'number' ? args[0] : parseDecimal(first);
      if (number === null) return null;
      const factor = 10 ** Number(args[1]);
      return Math.round(number * factor) / factor;
    }
    case 'date':
    case 'datetime':
      return evaluateDate(call, first, option);
    case 'phone': {
      if (first === null || first.trim() === '') return null;
      const region = option('region');
      return e164Phone(first, typeof region === 'string' ? region : undefined) ?? invalid(call, first.trim(), 'a valid phone number', 'keep');
    }
    case 'email':
      if (first === null || first.trim() === '') return null;
      return normalizeEmail(first) ?? invalid(call, first.trim(), 'an e-mail address', 'keep');
    case 'html':
      return first === null ? null : toHtml(first);
    case 'base64': {
      if (first === null || first.trim() === '') return null;
      const form = (option('encoding') as BinaryTextForm | undefined) ?? 'base64';
      const expected = form === 'hex' ? 'hex text (\\x0a1b…)' : 'Base64 text';
      // The value is left out of the reason: file content can be megabytes long.
      return toBase64(first, form) ?? reject('invalid-value', `${describeInput(call)}: the value (${first.length} characters) is not ${expected}`, `${describeInput(call)} is not ${expected}`);
    }
  }
}

function evaluateDate(call: Call, text: string | null, option: (name: string) => PlanLiteral | undefined): Scalar {
  if (text === null || text.trim() === '') return null;
  const format = option('format');
  const zone = (option('tz') as string | undefined) ?? 'UTC';
  const parsed = parseDateTime(text, typeof format === 'string' ? format : undefined, zone);
  const expected = call.fn === 'date' ? 'a date' : 'a date and time';
  if (!parsed) return invalid(call, text, typeof format === 'string' ? `${expected} in the format ${format}` : expected, 'reject');
  return call.fn === 'date' ? odooDate(parsed, zone) : odooDateTime(parsed);
}

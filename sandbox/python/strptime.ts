// The part of Python's datetime.strptime() that Odoo's Date and Datetime
// fields use, with Python's error messages.

import { conversionError } from '../faults.js';
import { formatPythonString } from './repr.js';

export interface ParsedDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// CPython's _strptime patterns for the directives Odoo's formats use. The
// alternatives are tried in order, as Python's regular expressions do.
const DIRECTIVE_PATTERNS: Record<string, string> = {
  Y: '(?<Y>\\d\\d\\d\\d)',
  m: '(?<m>1[0-2]|0[1-9]|[1-9])',
  d: '(?<d>3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  H: '(?<H>2[0-3]|[0-1]\\d|\\d)',
  M: '(?<M>[0-5]\\d|\\d)',
  S: '(?<S>6[0-1]|[0-5]\\d|\\d)',
};

/** Parses `text` with a strptime format made of %Y %m %d %H %M %S and literals. */
export function strptime(text: string, format: string): ParsedDateTime {
  const pattern = compileFormat(format);
  const match = pattern.exec(text);
  if (!match) {
    throw conversionError(
      'builtins.ValueError',
      `time data ${formatPythonString(text)} does not match format ${formatPythonString(format)}`,
    );
  }
  if (match[0].length < text.length) {
    throw conversionError('builtins.ValueError', `unconverted data remains: ${text.slice(match[0].length)}`);
  }

  const groups = match.groups ?? {};
  const parsed: ParsedDateTime = {
    year: Number(groups.Y ?? 1900),
    month: Number(groups.m ?? 1),
    day: Number(groups.d ?? 1),
    hour: Number(groups.H ?? 0),
    minute: Number(groups.M ?? 0),
    second: Number(groups.S ?? 0),
  };
  if (parsed.second > 59) throw conversionError('builtins.ValueError', 'second must be in 0..59');
  if (parsed.day > daysInMonth(parsed.year, parsed.month)) {
    throw conversionError('builtins.ValueError', 'day is out of range for month');
  }
  return parsed;
}

function compileFormat(format: string): RegExp {
  let source = '^';
  for (let index = 0; index < format.length; index += 1) {
    const char = format[index] ?? '';
    if (char !== '%') {
      source += /\s/.test(char) ? '\\s+' : char.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      continue;
    }
    const directive = format[index + 1];
    if (directive === undefined) {
      throw conversionError('builtins.ValueError', `stray % in format ${formatPythonString(format)}`);
    }
    const directivePattern = DIRECTIVE_PATTERNS[directive];
    if (directivePattern === undefined) {
      throw conversionError(
        'builtins.ValueError',
        `'${directive}' is a bad directive in format ${formatPythonString(format)}`,
      );
    }
    source += directivePattern;
    index += 1;
  }
  return new RegExp(source, 'i');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Python's slice `text[:end]`, where a negative end counts from the back. */
export function slicePrefix(text: string, end: number): string {
  return end < 0 ? text.slice(0, Math.max(0, text.length + end)) : text.slice(0, end);
}

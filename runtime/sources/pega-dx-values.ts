/**
 * Conversions from DX API JSON values to Pega's text form, the form BIX
 * extracts contain and the other connectors yield.
 *
 * DX API v1 sends every scalar as a string (`"13"`, `"true"`, `"0.0"`), DateTimes
 * as ISO 8601 in UTC (`2018-04-02T08:51:14.524Z`), Dates as `YYYY-MM-DD` and an
 * empty value as `""`. DX API v2 data views send JSON numbers and booleans, the
 * same ISO strings, and `null` for an empty value. Either way the result is
 * Pega's text: DateTime `yyyyMMddTHHmmss.SSS GMT`, Date `yyyyMMdd`, numbers as
 * plain decimals, TrueFalse `true`/`false`, and null for an empty value.
 * The functions throw a RangeError for a value that has no such form; callers
 * add the data view, property and key to the message.
 */

import type { PegaColumnType } from '../schema-types.js';
import { pegaDecimalFromPostgres } from './pega-text.js';

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PEGA_DATETIME = /^\d{8}T\d{6}\.\d{3} GMT$/;
const PEGA_DATE = /^\d{8}$/;

/** Converts one JSON value of a data view row to Pega's text form for a property of the given type. */
export function pegaTextFromDx(value: unknown, pegaType: PegaColumnType): string | null {
  if (value === null || value === undefined || value === '') return null;

  if (typeof value === 'object') {
    throw new RangeError(`${Array.isArray(value) ? 'a list' : 'an embedded page'} is not a single value`);
  }
  if (typeof value === 'boolean') {
    if (pegaType === 'truefalse' || pegaType === 'text') return value ? 'true' : 'false';
    throw new RangeError(`boolean ${value} is not a ${pegaType}`);
  }
  // NOTE: JSON.parse reads a v2 number as a double, so an integer beyond
  // 2^53 or a decimal with more than about 15 significant digits arrives
  // rounded. v1 sends numbers as strings and keeps every digit.
  if (typeof value === 'number') {
    if (pegaType === 'integer' || pegaType === 'decimal' || pegaType === 'text') return pegaDecimalFromPostgres(String(value));
    throw new RangeError(`number ${value} is not a ${pegaType}`);
  }
  if (typeof value !== 'string') throw new RangeError(`${typeof value} is not a Pega value`);

  switch (pegaType) {
    case 'text':
      return value;
    case 'integer':
    case 'decimal':
      return pegaDecimalFromPostgres(value.trim());
    case 'truefalse':
      if (value === 'true' || value === 'false') return value;
      throw new RangeError(`'${value}' is not a TrueFalse (expected true or false)`);
    case 'datetime':
      return pegaDateTimeFromDx(value);
    case 'date':
      return pegaDateFromDx(value);
  }
}

/** Converts an ISO 8601 date-time (or an ISO date, as midnight UTC) to a Pega DateTime. */
export function pegaDateTimeFromDx(text: string): string {
  if (PEGA_DATETIME.test(text)) return text;

  const date = ISO_DATE.exec(text);
  if (date !== null) return `${date[1]}${date[2]}${date[3]}T000000.000 GMT`;

  const match = ISO_DATETIME.exec(text);
  if (match === null) {
    throw new RangeError(`'${text}' is not an ISO 8601 date-time (expected for example 2018-04-02T08:51:14.524Z)`);
  }
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = 'Z'] = match;
  const milliseconds = fraction.padEnd(3, '0').slice(0, 3);
  if (zone === 'Z' || /^[+-]00:?00$/.test(zone)) {
    return `${year}${month}${day}T${hour}${minute}${second}.${milliseconds} GMT`;
  }

  // An offset other than UTC: shift to GMT, as Pega stores every DateTime in GMT.
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const offsetMinutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
  const utc = new Date(
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(milliseconds)) -
      offsetMinutes * 60_000,
  );
  const pad = (number: number, width = 2) => String(number).padStart(width, '0');
  return (
    `${pad(utc.getUTCFullYear(), 4)}${pad(utc.getUTCMonth() + 1)}${pad(utc.getUTCDate())}` +
    `T${pad(utc.getUTCHours())}${pad(utc.getUTCMinutes())}${pad(utc.getUTCSeconds())}.${pad(utc.getUTCMilliseconds(), 3)} GMT`
  );
}

/**
 * Converts an ISO date to a Pega Date. A date-time gives its date in UTC, as
 * the PostgreSQL connector does for a timestamp column read as a Date.
 */
export function pegaDateFromDx(text: string): string {
  if (PEGA_DATE.test(text)) return text;
  const date = ISO_DATE.exec(text);
  if (date !== null) return `${date[1]}${date[2]}${date[3]}`;
  if (ISO_DATETIME.test(text)) return pegaDateTimeFromDx(text).slice(0, 8);
  throw new RangeError(`'${text}' is not an ISO 8601 date (expected for example 1942-06-18)`);
}

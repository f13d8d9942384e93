/**
 * Conversions between PostgreSQL's text output and Pega's text form of a value.
 *
 * Pega writes DateTime as `yyyyMMdd'T'HHmmss.SSS GMT` (for example
 * `20201016T032300.000 GMT`), Date as `yyyyMMdd`, and numbers as plain decimal
 * text. The PostgreSQL side assumes the session settings `DateStyle = ISO` and
 * `TimeZone = UTC`, which the Pega PostgreSQL connector sets for its reads.
 * The functions throw a RangeError for a value that has no form on the other
 * side. Callers add the table, column and key to the message.
 */

import type { PegaColumnType } from '../schema-types.js';

/** Type OIDs from PostgreSQL's `pg_type` catalog (stable across versions). */
const TYPE_OID = {
  bool: 16,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
} as const;

const TEXT_TYPES: ReadonlySet<number> = new Set([
  TYPE_OID.char, TYPE_OID.name, TYPE_OID.text, TYPE_OID.bpchar, TYPE_OID.varchar,
]);
const NUMBER_TYPES: ReadonlySet<number> = new Set([
  TYPE_OID.int2, TYPE_OID.int4, TYPE_OID.int8, TYPE_OID.oid,
  TYPE_OID.float4, TYPE_OID.float8, TYPE_OID.numeric,
]);

const POSTGRES_TIMESTAMP =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:[+-]\d{2}(?::\d{2}){0,2})?$/;
const POSTGRES_DATE = /^(\d{4,})-(\d{2})-(\d{2})$/;
const POSTGRES_NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** A `timestamp` as PostgreSQL prints it in ISO style for the years 1 to 9999 AD (zero-padded to four digits). */
const PLAIN_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?$/;
const HYPHEN = 0x2d;
const SPACE = 0x20;
const POINT = 0x2e;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
const LETTER_G = 0x47;
const LETTER_M = 0x4d;
const LETTER_T = 0x54;

const PEGA_DATETIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3}) GMT$/;
const PEGA_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Renders a `timestamp` (or, with `TimeZone = UTC`, a `timestamptz`) value as
 * a Pega DateTime. Pega keeps milliseconds, so microseconds are truncated.
 */
export function pegaDateTimeFromPostgres(text: string): string {
  const fast = pegaDateTimeFromPlainTimestamp(text);
  if (fast !== undefined) {
    return fast;
  }

  const match = POSTGRES_TIMESTAMP.exec(text);
  if (match === null) {
    throw new RangeError(`timestamp '${text}' has no Pega DateTime form (expected an AD date in ISO style)`);
  }

  const [, year, month, day, hour, minute, second, fraction = ''] = match;
  const milliseconds = fraction.padEnd(3, '0').slice(0, 3);
  return `${year}${month}${day}T${hour}${minute}${second}.${milliseconds} GMT`;
}

/**
 * Renders the common shape `yyyy-MM-dd HH:mm:ss[.f{1,6}]` (a `timestamp` with
 * a four-digit year) by character position, or returns undefined for any other
 * text, which then goes through the full pattern. Extraction renders every
 * timestamp of every row, and this path builds one string without the capture
 * array and the slices of the full pattern.
 */
function pegaDateTimeFromPlainTimestamp(text: string): string | undefined {
  if (!PLAIN_TIMESTAMP.test(text)) {
    return undefined;
  }

  // Milliseconds are the first three fraction digits, padded with zeros.
  const length = text.length;
  return String.fromCharCode(
    text.charCodeAt(0), text.charCodeAt(1), text.charCodeAt(2), text.charCodeAt(3),
    text.charCodeAt(5), text.charCodeAt(6), text.charCodeAt(8), text.charCodeAt(9), LETTER_T,
    text.charCodeAt(11), text.charCodeAt(12), text.charCodeAt(14), text.charCodeAt(15),
    text.charCodeAt(17), text.charCodeAt(18), POINT,
    length > 20 ? text.charCodeAt(20) : DIGIT_ZERO,
    length > 21 ? text.charCodeAt(21) : DIGIT_ZERO,
    length > 22 ? text.charCodeAt(22) : DIGIT_ZERO,
    SPACE, LETTER_G, LETTER_M, LETTER_T,
  );
}

function isDigit(code: number): boolean {
  return code >= DIGIT_ZERO && code <= DIGIT_NINE;
}

/** Renders a `date` value as a Pega Date (`yyyyMMdd`). */
export function pegaDateFromPostgres(text: string): string {
  const match = POSTGRES_DATE.exec(text);
  if (match === null) {
    throw new RangeError(`date '${text}' has no Pega Date form (expected an AD date in ISO style)`);
  }

  const [, year, month, day] = match;
  return `${year}${month}${day}`;
}

/** Renders a `date` value as a Pega DateTime at midnight GMT. */
export function pegaDateTimeFromPostgresDate(text: string): string {
  return `${pegaDateFromPostgres(text)}T000000.000 GMT`;
}

/** Renders the date part of a `timestamp` value as a Pega Date. */
export function pegaDateFromPostgresTimestamp(text: string): string {
  return pegaDateTimeFromPostgres(text).slice(0, 8);
}

/**
 * Renders a numeric, integer or floating-point value as plain decimal text:
 * no exponent, no trailing fractional zeros, no `-0`. `numeric(10,4)` prints
 * `1.5000` and `float8` prints `1e+20`; Pega writes `1.5` and `100000000000000000000`.
 */
export function pegaDecimalFromPostgres(text: string): string {
  if (isPlainInteger(text)) {
    return text;
  }

  const match = POSTGRES_NUMBER.exec(text);
  const [, sign = '', integerDigits = '', fractionDigits = '', exponentText = '0'] = match ?? [];
  if (match === null || integerDigits + fractionDigits === '') {
    throw new RangeError(`number '${text}' has no Pega decimal form`);
  }

  // Shift the decimal point by the exponent on the digit string, so no precision is lost.
  const digits = integerDigits + fractionDigits;
  const pointPosition = integerDigits.length + Number(exponentText);
  const padded =
    pointPosition < 0
      ? '0'.repeat(-pointPosition) + digits
      : digits.padEnd(pointPosition, '0');
  const point = Math.max(pointPosition, 0);

  const integerPart = padded.slice(0, point).replace(/^0+/, '') || '0';
  const fractionPart = padded.slice(point).replace(/0+$/, '');
  const magnitude = fractionPart === '' ? integerPart : `${integerPart}.${fractionPart}`;

  if (magnitude === '0' || sign !== '-') {
    return magnitude;
  }
  return `-${magnitude}`;
}

/** Tells whether `text` is already in Pega's form of an integer: `0`, or digits after an optional `-` with no leading zero. */
function isPlainInteger(text: string): boolean {
  const start = text.charCodeAt(0) === HYPHEN ? 1 : 0;
  const length = text.length;
  if (length === start) {
    return false;
  }
  if (text.charCodeAt(start) === DIGIT_ZERO) {
    // '0' is plain, but '-0' and '007' are not.
    return length === 1;
  }
  for (let position = start; position < length; position += 1) {
    if (!isDigit(text.charCodeAt(position))) {
      return false;
    }
  }
  return true;
}

/** Renders a `boolean` value (`t` or `f` in PostgreSQL's text output) as a Pega TrueFalse. */
export function pegaTrueFalseFromPostgres(text: string): string {
  if (text === 't' || text === 'true') {
    return 'true';
  }
  if (text === 'f' || text === 'false') {
    return 'false';
  }
  throw new RangeError(`boolean '${text}' has no Pega TrueFalse form`);
}

/**
 * Renders one column value, given in PostgreSQL's text output, in Pega's text form.
 *
 * The PostgreSQL type decides the conversion, because sites store the same Pega
 * type differently (a Decimal or a Date in a varchar column, a TrueFalse in
 * `varchar(5)`). Text-typed columns are returned as stored, except that `''`
 * becomes null, as Pega treats an empty value as absent. The Pega type only
 * chooses between the Date and DateTime forms of `date` and `timestamp` columns.
 * Types without a Pega counterpart (uuid, json, bytea, ...) keep PostgreSQL's text.
 */
export function pegaTextFromPostgres(text: string | null, typeOid: number, pegaType: PegaColumnType): string | null {
  if (text === null) {
    return null;
  }
  return pegaTextConverter(typeOid, pegaType)(text);
}

/** A conversion of one column's non-null values from PostgreSQL's text output to Pega's text form. */
export type PegaTextConverter = (text: string) => string | null;

const textAsPega: PegaTextConverter = (text) => (text === '' ? null : text);
const keepPostgresText: PegaTextConverter = (text) => text;

/**
 * Returns the conversion `pegaTextFromPostgres` applies to non-null values of
 * a column of this PostgreSQL type and Pega type. A reader picks it once per
 * column instead of once per value.
 */
export function pegaTextConverter(typeOid: number, pegaType: PegaColumnType): PegaTextConverter {
  if (TEXT_TYPES.has(typeOid)) {
    return textAsPega;
  }
  if (NUMBER_TYPES.has(typeOid)) {
    return pegaDecimalFromPostgres;
  }

  switch (typeOid) {
    case TYPE_OID.timestamp:
    case TYPE_OID.timestamptz:
      return pegaType === 'date' ? pegaDateFromPostgresTimestamp : pegaDateTimeFromPostgres;
    case TYPE_OID.date:
      return pegaType === 'datetime' ? pegaDateTimeFromPostgresDate : pegaDateFromPostgres;
    case TYPE_OID.bool:
      return pegaTrueFalseFromPostgres;
    default:
      return keepPostgresText;
  }
}

/** Converts a Pega DateTime to a `timestamp` literal in ISO style (`2020-10-16 03:23:00.000`). */
export function postgresTimestampFromPega(text: string): string {
  const match = PEGA_DATETIME.exec(text);
  if (match === null) {
    throw new RangeError(`'${text}' is not a Pega DateTime (expected yyyyMMddTHHmmss.SSS GMT)`);
  }

  const [, year, month, day, hour, minute, second, milliseconds] = match;
  return `${year}-${month}-${day} ${hour}:${minute}:${second}.${milliseconds}`;
}

/** Converts a Pega Date to a `date` literal in ISO style (`2020-10-16`). */
export function postgresDateFromPega(text: string): string {
  const match = PEGA_DATE.exec(text);
  if (match === null) {
    throw new RangeError(`'${text}' is not a Pega Date (expected yyyyMMdd)`);
  }

  const [, year, month, day] = match;
  return `${year}-${month}-${day}`;
}

// The conversions from PostgreSQL's text output to Pega's text form, including
// the shortcuts extraction takes for plain timestamps and integers: each input
// must give what the full patterns give.

import { describe, expect, it } from 'vitest';

import {
  pegaDateFromPostgresTimestamp,
  pegaDateTimeFromPostgres,
  pegaDecimalFromPostgres,
  pegaTextConverter,
  pegaTextFromPostgres,
} from '../../runtime/sources/pega-text.js';

const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;
const NUMERIC_OID = 1700;
const VARCHAR_OID = 1043;
const BOOL_OID = 16;
const DATE_OID = 1082;
const UUID_OID = 2950;

describe('pegaDateTimeFromPostgres', () => {
  it.each([
    ['2020-10-16 03:23:00', '20201016T032300.000 GMT'],
    ['2020-10-16 03:23:00.1', '20201016T032300.100 GMT'],
    ['2020-10-16 03:23:00.12', '20201016T032300.120 GMT'],
    ['2020-10-16 03:23:00.123', '20201016T032300.123 GMT'],
    ['2020-10-16 03:23:00.1239', '20201016T032300.123 GMT'],
    ['2024-02-29 23:59:59.999999', '20240229T235959.999 GMT'],
    ['0999-01-02 03:04:05', '09990102T030405.000 GMT'],
    // Not the plain shape: a five-digit year and an offset go through the full pattern.
    ['12345-01-02 03:04:05.5', '123450102T030405.500 GMT'],
    ['2024-03-31 00:30:00+00', '20240331T003000.000 GMT'],
    ['2024-03-31 00:30:00.25+05:30', '20240331T003000.250 GMT'],
  ])('renders %s', (text, expected) => {
    expect(pegaDateTimeFromPostgres(text)).toBe(expected);
  });

  it.each(['infinity', '-infinity', '2020-10-16 03:23:00 BC', '2020-10-16T03:23:00', '2020-10-16 03:23:00.', '2020-1-16 03:23:00', '2020-10-16 03:23'])(
    'rejects %s',
    (text) => {
      expect(() => pegaDateTimeFromPostgres(text)).toThrow(RangeError);
    },
  );

  it('renders the date of a timestamp', () => {
    expect(pegaDateFromPostgresTimestamp('2020-10-16 03:23:00.5')).toBe('20201016');
  });
});

describe('pegaDecimalFromPostgres', () => {
  it.each([
    ['0', '0'],
    ['7', '7'],
    ['-12', '-12'],
    ['123456789012345678', '123456789012345678'],
    // Not plain integers: the full conversion normalises them.
    ['-0', '0'],
    ['007', '7'],
    ['-007', '-7'],
    ['+5', '5'],
    ['1.5000', '1.5'],
    ['-0.0001', '-0.0001'],
    ['1e+20', '100000000000000000000'],
    ['1.5e-07', '0.00000015'],
    ['10.000', '10'],
  ])('renders %s as %s', (text, expected) => {
    expect(pegaDecimalFromPostgres(text)).toBe(expected);
  });

  it.each(['', '-', 'NaN', 'Infinity', '1,5', '12a'])('rejects %j', (text) => {
    expect(() => pegaDecimalFromPostgres(text)).toThrow(RangeError);
  });
});

describe('pegaTextConverter', () => {
  it.each([
    [VARCHAR_OID, 'text', 'Müller', 'Müller'],
    [VARCHAR_OID, 'text', '', null],
    [NUMERIC_OID, 'integer', '42', '42'],
    [NUMERIC_OID, 'decimal', '1.50', '1.5'],
    [TIMESTAMP_OID, 'datetime', '2020-10-16 03:23:00.5', '20201016T032300.500 GMT'],
    [TIMESTAMP_OID, 'date', '2020-10-16 03:23:00.5', '20201016'],
    [TIMESTAMPTZ_OID, 'datetime', '2020-10-16 03:23:00+00', '20201016T032300.000 GMT'],
    [DATE_OID, 'date', '2020-10-16', '20201016'],
    [DATE_OID, 'datetime', '2020-10-16', '20201016T000000.000 GMT'],
    [BOOL_OID, 'truefalse', 't', 'true'],
    [BOOL_OID, 'truefalse', 'false', 'false'],
    [UUID_OID, 'text', '0b7c7e58-6c5e-4c38-9a0e-9a1f8c1b2d3e', '0b7c7e58-6c5e-4c38-9a0e-9a1f8c1b2d3e'],
  ] as const)('type %i as %s converts %j like pegaTextFromPostgres', (oid, pegaType, text, expected) => {
    expect(pegaTextConverter(oid, pegaType)(text)).toBe(expected);
    expect(pegaTextFromPostgres(text, oid, pegaType)).toBe(expected);
  });

  it('keeps null as null', () => {
    expect(pegaTextFromPostgres(null, TIMESTAMP_OID, 'datetime')).toBeNull();
  });
});

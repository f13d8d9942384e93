import { describe, expect, it } from 'vitest';

import { pegaTextFromDx } from '../../runtime/sources/pega-dx-values.js';

describe('pegaTextFromDx', () => {
  it.each([
    ['2018-04-02T08:51:14.524Z', '20180402T085114.524 GMT'],
    ['2018-04-02T08:51:14Z', '20180402T085114.000 GMT'],
    ['2018-04-02T08:51:14.524987Z', '20180402T085114.524 GMT'],
    ['2018-04-02T01:30:00.000+03:00', '20180401T223000.000 GMT'],
    ['2018-04-02T23:30:00.000-0100', '20180403T003000.000 GMT'],
    ['2018-04-02', '20180402T000000.000 GMT'],
    ['20201016T032300.000 GMT', '20201016T032300.000 GMT'],
  ])('converts DateTime %s', (value, expected) => {
    expect(pegaTextFromDx(value, 'datetime')).toBe(expected);
  });

  it.each([
    ['1942-06-18', '19420618'],
    ['2017-08-31T21:00:00.000Z', '20170831'],
    ['20201214', '20201214'],
  ])('converts Date %s', (value, expected) => {
    expect(pegaTextFromDx(value, 'date')).toBe(expected);
  });

  it.each([
    [10, 'integer', '10'],
    ['10', 'integer', '10'],
    [-0.001, 'decimal', '-0.001'],
    ['0.0', 'decimal', '0'],
    [1e21, 'decimal', '1000000000000000000000'],
    [true, 'truefalse', 'true'],
    ['false', 'truefalse', 'false'],
    [false, 'text', 'false'],
    [7, 'text', '7'],
    ['  kept as sent ', 'text', '  kept as sent '],
  ] as const)('converts %s as %s', (value, type, expected) => {
    expect(pegaTextFromDx(value, type)).toBe(expected);
  });

  it.each([null, undefined, ''])('reads %s as empty', (value) => {
    expect(pegaTextFromDx(value, 'text')).toBeNull();
    expect(pegaTextFromDx(value, 'datetime')).toBeNull();
  });

  it.each([
    ['04/02/2018', 'datetime', "'04/02/2018' is not an ISO 8601 date-time (expected for example 2018-04-02T08:51:14.524Z)"],
    ['18-06-1942', 'date', "'18-06-1942' is not an ISO 8601 date (expected for example 1942-06-18)"],
    ['yes', 'truefalse', "'yes' is not a TrueFalse (expected true or false)"],
    ['1,5', 'decimal', "number '1,5' has no Pega decimal form"],
    [1, 'truefalse', 'number 1 is not a truefalse'],
    [{ City: 'Leeds' }, 'text', 'an embedded page is not a single value'],
    [['a'], 'text', 'a list is not a single value'],
  ] as const)('rejects %j as %s', (value, type, message) => {
    expect(() => pegaTextFromDx(value, type)).toThrow(new RangeError(message));
  });
});

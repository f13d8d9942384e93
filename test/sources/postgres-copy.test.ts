// Decoding rows of PostgreSQL's COPY text format as the server writes them.

import { describe, expect, it } from 'vitest';

import { decodeCopyRow } from '../../runtime/sources/postgres-copy.js';

const line = (text: string): Buffer => Buffer.from(`${text}\n`, 'utf8');

describe('decodeCopyRow', () => {
  it('splits fields at tabs', () => {
    expect(decodeCopyRow(line('a\tb\tc'))).toEqual(['a', 'b', 'c']);
  });

  it('reads \\N as NULL', () => {
    expect(decodeCopyRow(line('\\N\tx\t\\N'))).toEqual([null, 'x', null]);
  });

  it('keeps empty fields as empty text', () => {
    expect(decodeCopyRow(line('\t\t'))).toEqual(['', '', '']);
  });

  it.each([
    ['\\\\N', '\\N'],
    ['a\\tb', 'a\tb'],
    ['a\\nb\\rc', 'a\nb\rc'],
    ['\\b\\f\\v', '\b\f\v'],
    ['end\\\\', 'end\\'],
    ['\\\\x41', '\\x41'],
    ['\\a', 'a'],
  ])('decodes %s', (escaped, expected) => {
    expect(decodeCopyRow(line(escaped))).toEqual([expected]);
  });

  it('decodes UTF-8', () => {
    expect(decodeCopyRow(line('Müller\t東京の請求 😀'))).toEqual(['Müller', '東京の請求 😀']);
  });

  it('reads a row without a final newline', () => {
    expect(decodeCopyRow(Buffer.from('a\tb'))).toEqual(['a', 'b']);
  });
});

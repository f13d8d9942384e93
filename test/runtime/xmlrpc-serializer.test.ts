// pmap's XML-RPC request serializer against the `xmlrpc` package's: for every
// kind of value, both bodies must parse to the same values, and where the
// package escapes rather than writing CDATA the bytes must match too.

import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { serializeMethodCall, XmlRpcEncodingError } from '../../runtime/odoo/xmlrpc-serializer.js';

interface PackageSerializer {
  serializeMethodCall(method: string, params: unknown[]): string;
}
interface PackageDeserializer {
  deserializeMethodCall(stream: Readable, callback: (error: Error | null | undefined, method?: string, params?: unknown[]) => void): void;
}

const require = createRequire(import.meta.url);
const packageSerializer = require('xmlrpc/lib/serializer.js') as PackageSerializer;
const Deserializer = require('xmlrpc/lib/deserializer.js') as new () => PackageDeserializer;
const CustomType = require('xmlrpc/lib/customtype.js') as new (raw: string) => { tagName: string };

class I8 extends CustomType {}
I8.prototype.tagName = 'i8';

function parseCall(body: string): Promise<{ method: string; params: unknown[] }> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodCall(Readable.from([body]), (error, method, params) => {
      if (error) reject(error);
      else resolve({ method: method ?? '', params: params ?? [] });
    });
  });
}

// Values of every kind the package accepts, as [label, value].
const VALUES: Array<[string, unknown]> = [
  ['empty string', ''],
  ['plain string', 'ACME Corporation'],
  ['string with & and <', 'Smith & Sons <sales>'],
  ['string with >', 'a > b'],
  ['string with ]]>', 'x]]>y'],
  ['string with carriage return', 'line one\r\nline two'],
  ['string with tab and newline', '\tindented\n'],
  ['string with spaces around', '  padded  '],
  ['non-ASCII string', 'Müller & Søn – 東京 ✓ 😀'],
  ['lone surrogate', 'broken \uD800 pair'],
  ['string that looks like markup', '<value><int>1</int></value>'],
  ['entity-like text', '&amp; &#xD; &lt;'],
  ['zero', 0],
  ['negative zero', -0],
  ['integer', 42],
  ['negative integer', -7],
  ['integer above 32 bits', 2_147_483_648],
  ['largest safe integer', Number.MAX_SAFE_INTEGER],
  ['double', 1.5],
  ['small double', -0.001],
  ['double with exponent', 1.5e-7],
  ['NaN', Number.NaN],
  ['infinity', Number.POSITIVE_INFINITY],
  ['negative infinity', Number.NEGATIVE_INFINITY],
  ['true', true],
  ['false', false],
  ['null', null],
  ['empty array', []],
  ['empty struct', {}],
  ['many2many command', [[6, 0, [1, 2, 3]]]],
  ['struct with undefined member', { name: 'x', missing: undefined }],
  ['struct with odd member names', { 'a&b': 1, '<tag>': 2, '': 3, 'x]]>y': 4 }],
  ['date', new Date(2024, 1, 29, 23, 59, 58, 999)],
  ['buffer', Buffer.from('attachment bytes')],
  ['empty buffer', Buffer.alloc(0)],
  ['custom type', new I8('9007199254740993')],
  ['custom type with markup', new I8('1 & 2')],
  [
    'partner create batch',
    [
      [
        { name: 'Acme', is_company: true, email: false, parent_id: 7, category_id: [[6, 0, []]], comment: 'Tom & Jerry\r\n<b>' },
        { name: 'Ünïcödé', is_company: false, email: 'a@example.com', parent_id: false, credit_limit: 12.75 },
      ],
    ],
  ],
  ['kwargs with context', { context: { tracking_disable: true, lang: 'en_US', active_test: false }, limit: 80, order: 'id' }],
];

// The package writes CDATA for these, so only the parsed values can match.
const CDATA_LABELS = new Set([
  'string with & and <', 'string with ]]>', 'non-ASCII string', 'string that looks like markup', 'entity-like text', 'partner create batch',
]);

// The package's own parser rejects these bodies (NaN as a double, text in
// <i8>), so they are compared byte for byte only.
const UNPARSABLE_LABELS = new Set(['NaN', 'custom type with markup']);

describe('serializeMethodCall', () => {
  it.each(VALUES.filter(([label]) => !UNPARSABLE_LABELS.has(label)))('%s parses as the package body does', async (_label, value) => {
    const ours = await parseCall(serializeMethodCall('execute_kw', ['db', 2, 'secret', 'res.partner', value]));
    const theirs = await parseCall(packageSerializer.serializeMethodCall('execute_kw', ['db', 2, 'secret', 'res.partner', value]));

    expect(ours.method).toBe('execute_kw');
    expect(ours.params).toEqual(theirs.params);
  });

  it.each(VALUES.filter(([label]) => !CDATA_LABELS.has(label)))('%s matches the package byte for byte', (_label, value) => {
    expect(serializeMethodCall('execute_kw', [value])).toBe(packageSerializer.serializeMethodCall('execute_kw', [value]));
  });

  it('round-trips text the package cannot', async () => {
    // The package wraps this in CDATA and escapes only the first ]]>, so its body is not well-formed.
    const text = 'one ]]> two ]]> & three';
    const parsed = await parseCall(serializeMethodCall('m', [text]));
    expect(parsed.params).toEqual([text]);
  });

  it('escapes the method name', async () => {
    const body = serializeMethodCall('a&b', []);
    expect(body).toBe('<?xml version="1.0"?><methodCall><methodName>a&amp;b</methodName><params></params></methodCall>');
    expect((await parseCall(body)).method).toBe('a&b');
  });

  it.each(['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u001F', '\uFFFE', '\uFFFF'])(
    'rejects U+%s like the package',
    (character) => {
      const params = ['db', 2, 'secret', 'res.partner', 'create', [[{ comment: `bad ${character} text` }]]];
      expect(() => packageSerializer.serializeMethodCall('execute_kw', params)).toThrow('Invalid character');
      expect(() => serializeMethodCall('execute_kw', params)).toThrow(XmlRpcEncodingError);
    },
  );

  it('names the invalid value and character', () => {
    const params = ['db', 2, 'secret', 'res.partner', 'create', [[{ name: 'ok' }, { comment: 'bell\u0007' }]]];
    let error: unknown;
    try {
      serializeMethodCall('execute_kw', params);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(XmlRpcEncodingError);
    expect((error as XmlRpcEncodingError).path).toBe('params[5][0][1].comment');
    expect((error as Error).message).toContain('params[5][0][1].comment contains the character U+0007 at index 4');
    expect((error as Error).message).not.toContain('secret');
  });

  it('rejects a member name with an invalid character', () => {
    expect(() => serializeMethodCall('m', [{ 'bad\u0002key': 1 }])).toThrow('params[0].bad\u0002key contains the character U+0002');
  });

  it.each([
    ['bigint', 10n],
    ['symbol', Symbol('x')],
    ['function', () => 1],
  ])('rejects a %s', (kind, value) => {
    expect(() => serializeMethodCall('m', [[value]])).toThrow(`params[0][0] is a ${kind}, which XML-RPC cannot carry`);
  });
});

// pmap's XML-RPC response reader against the `xmlrpc` package's deserializer:
// bodies as Python's xmlrpc.client (Odoo's server side) and the package write
// them must give the same values and faults, and anything else must be left
// to the package.

import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { parseMethodResponse } from '../../runtime/odoo/xmlrpc-response.js';

interface PackageSerializer {
  serializeMethodResponse(value: unknown): string;
  serializeFault(fault: { faultCode: number; faultString: string }): string;
}
interface PackageDeserializer {
  deserializeMethodResponse(stream: Readable, callback: (error: (Error & { faultCode?: unknown; faultString?: unknown }) | null | undefined, value?: unknown) => void): void;
}

const require = createRequire(import.meta.url);
const packageSerializer = require('xmlrpc/lib/serializer.js') as PackageSerializer;
const Deserializer = require('xmlrpc/lib/deserializer.js') as new () => PackageDeserializer;

type PackageResult = { kind: 'value'; value: unknown } | { kind: 'fault'; faultCode: unknown; faultString: unknown } | { kind: 'error'; message: string };

function packageParse(body: string): Promise<PackageResult> {
  return new Promise((resolve) => {
    new Deserializer().deserializeMethodResponse(Readable.from([body]), (error, value) => {
      if (!error) resolve({ kind: 'value', value });
      else if (error.faultCode !== undefined) resolve({ kind: 'fault', faultCode: error.faultCode, faultString: error.faultString });
      else resolve({ kind: 'error', message: error.message });
    });
  });
}

// Bodies exactly as Python 3.11's xmlrpc.client.dumps(..., methodresponse=True) writes them.
const PYTHON_BODIES: Array<[string, string]> = [
  [
    'mixed array',
    "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><int>1</int></value>\n<value><string>a &amp; b &lt;c&gt;</string></value>\n<value><boolean>1</boolean></value>\n<value><double>1.5</double></value>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>7</int></value>\n</member>\n<member>\n<name>name</name>\n<value><string>Ünï</string></value>\n</member>\n<member>\n<name>x</name>\n<value><array><data>\n</data></array></value>\n</member>\n<member>\n<name>e</name>\n<value><string></string></value>\n</member>\n</struct></value>\n<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>\n<value><base64>\naGk=\n</base64></value>\n<value><double>-0.0</double></value>\n<value><double>1e-07</double></value>\n<value><boolean>0</boolean></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n",
  ],
  [
    'fault',
    "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>2</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>Traceback\nodoo.exceptions.ValidationError: bad &amp; &lt;worse&gt;</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n",
  ],
  ['nil', "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><nil/></value></param>\n</params>\n</methodResponse>\n"],
  ['string with CR and quotes', "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>line\r\nx\t\"q\" 's'</string></value>\n</param>\n</params>\n</methodResponse>\n"],
  ['empty struct', "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n</struct></value>\n</param>\n</params>\n</methodResponse>\n"],
];

// Values as the package (and the sandbox, which uses it) writes them, CDATA sections included.
const PACKAGE_VALUES: Array<[string, unknown]> = [
  ['ids', [41, 42, 43]],
  ['records', [{ id: 7, name: 'Smith & Sons <sales>', email: false, parent_id: [3, 'ACME'], tag_ids: [] }]],
  ['text with ]]>', 'x]]>y'],
  ['empty string', ''],
  ['nested struct', { a: { b: { c: [1.25, -3, true, null] } } }],
  ['numeric member names', { 10: 'ten', 2: 'two' }],
  ['count', 12345],
];

const FAULT: { faultCode: number; faultString: string } = { faultCode: 4, faultString: 'odoo.exceptions.AccessError: You are not allowed to modify <b>this</b> & that' };

async function expectSameAsPackage(body: string): Promise<void> {
  const ours = parseMethodResponse(body);
  const theirs = await packageParse(body);

  expect(ours).toBeDefined();
  expect(ours).toEqual(theirs);
}

describe('parseMethodResponse', () => {
  it.each(PYTHON_BODIES)('reads Python %s like the package', async (_label, body) => {
    await expectSameAsPackage(body);
  });

  it.each(PACKAGE_VALUES)('reads package %s like the package', async (_label, value) => {
    await expectSameAsPackage(packageSerializer.serializeMethodResponse(value));
  });

  it('reads a package fault like the package', async () => {
    await expectSameAsPackage(packageSerializer.serializeFault(FAULT));
  });

  it('reads Python values', () => {
    const parsed = parseMethodResponse(PYTHON_BODIES[0]![1]);

    expect(parsed?.kind).toBe('value');
    const values = (parsed as { value: unknown[] }).value;
    expect(values[1]).toBe('a & b <c>');
    expect(values[4]).toEqual({ id: 7, name: 'Ünï', x: [], e: '' });
    expect(values[5]).toBeInstanceOf(Date);
    expect(values[6]).toEqual(Buffer.from('hi'));
    expect(Object.is(values[7], -0)).toBe(true);
  });

  it.each([
    ['an untyped value', '<methodResponse><params><param><value> plain text </value></param></params></methodResponse>', ' plain text '],
    ['a self-closing value', '<methodResponse><params><param><value/></param></params></methodResponse>', ''],
    ['character references', '<methodResponse><params><param><value><string>&#65;&#x42;&#x1F600;&#xD;</string></value></param></params></methodResponse>', 'AB😀\r'],
    ['an i8', '<methodResponse><params><param><value><i8>-9007199254740993</i8></value></param></params></methodResponse>', '-9007199254740993'],
    ['an int with spaces', '<methodResponse><params><param><value><int> 42 </int></value></param></params></methodResponse>', 42],
    ['no params', '<methodResponse><params></params></methodResponse>', undefined],
  ])('reads %s like the package', async (_label, body, expected) => {
    await expectSameAsPackage(body);
    expect(parseMethodResponse(body)).toEqual({ kind: 'value', value: expected });
  });

  it.each([
    ['a comment', '<methodResponse><!-- note --><params><param><value><int>1</int></value></param></params></methodResponse>'],
    ['a DOCTYPE', '<!DOCTYPE methodResponse><methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>'],
    ['an attribute', '<methodResponse><params><param><value type="int"><int>1</int></value></param></params></methodResponse>'],
    ['upper-case tags', '<METHODRESPONSE><PARAMS><PARAM><VALUE><INT>1</INT></VALUE></PARAM></PARAMS></METHODRESPONSE>'],
    ['an HTML entity', '<methodResponse><params><param><value><string>a&nbsp;b</string></value></param></params></methodResponse>'],
    ['a bare ampersand', '<methodResponse><params><param><value><string>a & b</string></value></param></params></methodResponse>'],
    ['an invalid boolean', '<methodResponse><params><param><value><boolean>true</boolean></value></param></params></methodResponse>'],
    ['an invalid int', '<methodResponse><params><param><value><int>many</int></value></param></params></methodResponse>'],
    ['two params', '<methodResponse><params><param><value><int>1</int></value></param><param><value><int>2</int></value></param></params></methodResponse>'],
    ['an unknown type', '<methodResponse><params><param><value><bigdecimal>1.5</bigdecimal></value></param></params></methodResponse>'],
    ['a __proto__ member', '<methodResponse><params><param><value><struct><member><name>__proto__</name><value><int>1</int></value></member></struct></value></param></params></methodResponse>'],
    ['text after the response', '<methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>trailing'],
    ['an HTML page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['a truncated body', "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><int>1</int>"],
  ])('leaves %s to the package', (_label, body) => {
    expect(parseMethodResponse(body)).toBeUndefined();
  });
});

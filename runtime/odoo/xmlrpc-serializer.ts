/**
 * Builds XML-RPC `methodCall` bodies by string concatenation.
 *
 * The `xmlrpc` package (1.3.2) builds each body as an xmlbuilder tree, the
 * largest single client CPU cost of loading partners in a `node --cpu-prof`
 * profile of bench/apply-partners.ts. This serializer writes
 * the same elements for every value the package accepts, and a body parses to
 * the same values. Where the output differs, it is more faithful:
 * - text containing `<` or `&` is escaped, where the package wraps it in
 *   CDATA, which drops a carriage return on the server's XML parser and breaks
 *   on a second `]]>`;
 * - a bigint, symbol or function is rejected, where the package silently sends
 *   an empty `<value/>`.
 */

import { createRequire } from 'node:module';

/** The `xmlrpc` package's base class for values with their own element, such as `<i8>`. */
interface XmlRpcCustomType {
  readonly tagName: string;
  readonly raw: unknown;
}

// The package exposes this module only as a CommonJS file without types.
const require = createRequire(import.meta.url);
const CustomType = require('xmlrpc/lib/customtype.js') as abstract new (raw: unknown) => XmlRpcCustomType;

/**
 * Characters XML 1.0 does not allow, as the package's xmlbuilder checks them
 * (lone surrogates are allowed, and UTF-8 encoding turns them into U+FFFD).
 */
const INVALID_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ESCAPED_CHARACTER = /[&<>\r]/;

/** A value that XML-RPC cannot carry, named by its position in the call's parameters. */
export class XmlRpcEncodingError extends Error {
  override readonly name = 'XmlRpcEncodingError';

  constructor(
    /** Position of the value in the call's parameters, for example `params[5][0].comment`. */
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Returns the XML-RPC request body that calls `method` with `params`, XML declaration included. */
export function serializeMethodCall(method: string, params: readonly unknown[]): string {
  let xml = `<?xml version="1.0"?><methodCall><methodName>${escapeText(method, 'methodName')}</methodName><params>`;
  for (let index = 0; index < params.length; index += 1) {
    xml += `<param>${serializeValue(params[index], `params[${index}]`)}</param>`;
  }
  return `${xml}</params></methodCall>`;
}

/** Returns one `<value>` element. `path` names the value in error messages. */
function serializeValue(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return value === '' ? '<value><string/></value>' : `<value><string>${escapeText(value, path)}</string></value>`;
    case 'number':
      // Like the package: any whole number is an <int>, whatever its size, and NaN and the infinities are doubles.
      return value % 1 === 0 ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
    case 'boolean':
      return value ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>';
    case 'undefined':
      // The package sends an undefined property as a value without a type, which servers read as ''.
      return '<value/>';
    case 'object':
      return serializeObject(value, path);
    default:
      throw new XmlRpcEncodingError(path, `${path} is a ${typeof value}, which XML-RPC cannot carry`);
  }
}

function serializeObject(value: object | null, path: string): string {
  if (value === null) {
    return '<value><nil/></value>';
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '<value><array><data/></array></value>';
    }
    let xml = '<value><array><data>';
    for (let index = 0; index < value.length; index += 1) {
      xml += serializeValue(value[index], `${path}[${index}]`);
    }
    return `${xml}</data></array></value>`;
  }
  if (value instanceof Date) {
    return `<value><dateTime.iso8601>${formatLocalDateTime(value)}</dateTime.iso8601></value>`;
  }
  if (Buffer.isBuffer(value)) {
    return value.length === 0 ? '<value><base64/></value>' : `<value><base64>${value.toString('base64')}</base64></value>`;
  }
  if (value instanceof CustomType) {
    const text = String(value.raw);
    return text === '' ? `<value><${value.tagName}/></value>` : `<value><${value.tagName}>${escapeText(text, path)}</${value.tagName}></value>`;
  }

  // Any other object is a struct of its own enumerable properties, as in the package.
  const keys = Object.keys(value);
  if (keys.length === 0) {
    return '<value><struct/></value>';
  }
  let xml = '<value><struct>';
  for (const key of keys) {
    const memberPath = `${path}.${key}`;
    const name = key === '' ? '<name/>' : `<name>${escapeText(key, memberPath)}</name>`;
    xml += `<member>${name}${serializeValue((value as Record<string, unknown>)[key], memberPath)}</member>`;
  }
  return `${xml}</struct></value>`;
}

/** Escapes element text the way xmlbuilder does, after rejecting characters XML 1.0 forbids. */
function escapeText(text: string, path: string): string {
  const invalid = INVALID_XML_CHARACTER.exec(text);
  if (invalid !== null) {
    const codePoint = `U+${invalid[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new XmlRpcEncodingError(
      path,
      `${path} contains the character ${codePoint} at index ${invalid.index}, which XML 1.0 does not allow; remove it from the source value or map it away`,
    );
  }
  if (!ESCAPED_CHARACTER.test(text)) {
    return text;
  }
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

/**
 * Formats a Date as the package's date formatter does by default: local time,
 * `yyyyMMddTHH:mm:ss`, without milliseconds or offset.
 */
function formatLocalDateTime(date: Date): string {
  const pad = (number: number): string => String(number).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

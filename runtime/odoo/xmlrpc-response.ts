/**
 * Reads XML-RPC `methodResponse` bodies in the shapes Odoo and the sandbox
 * write, without a general XML parser.
 *
 * The `xmlrpc` package (1.3.2) parses responses with sax, which was the
 * largest client CPU cost of loading partners once requests no longer went
 * through xmlbuilder (`node --cpu-prof` on bench/apply-partners.ts). This
 * reader returns the same values as the package's deserializer for the
 * elements of the XML-RPC specification, with text, entity references and
 * CDATA sections. For anything else (comments, attributes, a DOCTYPE, unknown
 * entities or elements, a value the package would reject) it returns
 * undefined, and the caller hands the body to the package, which then gives
 * its own result or error.
 */

import { createRequire } from 'node:module';

/** A parsed response: the returned value, or the fault's members. */
export type MethodResponse =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'fault'; readonly faultCode: unknown; readonly faultString: unknown };

interface DateFormatter {
  decodeIso8601(text: string): Date;
}

// The package's own date formatter instance, which its deserializer uses, so that dates (read in local time) match exactly.
const require = createRequire(import.meta.url);
const dates = require('xmlrpc/lib/date_formatter.js') as DateFormatter;

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const WHITESPACE = /[ \t\r\n]/;
const I8_TEXT = /^-?\d+$/;

/** Thrown inside the reader when the body is outside what it handles. */
class Unsupported extends Error {}

/** Returns the response in `xml`, or undefined when the package's parser must read it instead. */
export function parseMethodResponse(xml: string): MethodResponse | undefined {
  try {
    return new ResponseReader(xml).readResponse();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

interface Tag {
  readonly name: string;
  readonly selfClosing: boolean;
}

class ResponseReader {
  private position = 0;

  constructor(private readonly xml: string) {}

  readResponse(): MethodResponse {
    this.skipWhitespace();
    if (this.xml.startsWith('<?xml', this.position)) {
      const end = this.xml.indexOf('?>', this.position);
      if (end === -1) throw new Unsupported();
      this.position = end + 2;
    }

    this.expectOpen('methodResponse');
    const tag = this.readOpenTag();
    let response: MethodResponse;
    if (tag.name === 'params') {
      response = { kind: 'value', value: tag.selfClosing ? undefined : this.readParams() };
    } else if (tag.name === 'fault' && !tag.selfClosing) {
      response = this.readFault();
    } else {
      throw new Unsupported();
    }
    this.expectClose('methodResponse');

    this.skipWhitespace();
    if (this.position !== this.xml.length) throw new Unsupported();
    return response;
  }

  /** Reads the params after `<params>`, through `</params>`. More than one param is left to the package, which rejects it. */
  private readParams(): unknown {
    const values: unknown[] = [];
    while (!this.atClose('params')) {
      this.expectOpen('param');
      values.push(this.readValue());
      this.expectClose('param');
    }
    this.expectClose('params');
    if (values.length > 1) throw new Unsupported();
    return values[0];
  }

  /** Reads the struct after `<fault>`, through `</fault>`. */
  private readFault(): MethodResponse {
    const fault = this.readValue();
    this.expectClose('fault');
    if (typeof fault !== 'object' || fault === null || Array.isArray(fault) || Buffer.isBuffer(fault) || fault instanceof Date) {
      throw new Unsupported();
    }
    const { faultCode, faultString } = fault as { faultCode?: unknown; faultString?: unknown };
    return { kind: 'fault', faultCode, faultString };
  }

  /** Reads one `<value>` element. */
  private readValue(): unknown {
    const tag = this.readOpenTag();
    if (tag.name !== 'value') throw new Unsupported();
    if (tag.selfClosing) return '';

    // A value without a type element is a string.
    const text = this.readText();
    if (this.atClose('value')) {
      this.expectClose('value');
      return text;
    }
    if (text.trim() !== '') throw new Unsupported();

    const value = this.readTypedValue();
    this.expectClose('value');
    return value;
  }

  private readTypedValue(): unknown {
    const tag = this.readOpenTag();
    switch (tag.name) {
      case 'string':
        return tag.selfClosing ? '' : this.readTextElement('string');
      case 'int':
      case 'i4': {
        const text = tag.selfClosing ? '' : this.readTextElement(tag.name);
        const value = parseInt(text, 10);
        if (Number.isNaN(value)) throw new Unsupported();
        return value;
      }
      case 'i8': {
        const text = tag.selfClosing ? '' : this.readTextElement('i8');
        if (!I8_TEXT.test(text)) throw new Unsupported();
        return text;
      }
      case 'boolean': {
        const text = tag.selfClosing ? '' : this.readTextElement('boolean');
        if (text === '1') return true;
        if (text === '0') return false;
        throw new Unsupported();
      }
      case 'double': {
        const text = tag.selfClosing ? '' : this.readTextElement('double');
        const value = parseFloat(text);
        if (Number.isNaN(value)) throw new Unsupported();
        return value;
      }
      case 'nil':
        if (!tag.selfClosing && this.readTextElement('nil') !== '') throw new Unsupported();
        return null;
      case 'dateTime.iso8601':
        return this.readDate(tag.selfClosing ? '' : this.readTextElement('dateTime.iso8601'));
      case 'base64':
        return Buffer.from(tag.selfClosing ? '' : this.readTextElement('base64'), 'base64');
      case 'array':
        if (tag.selfClosing) throw new Unsupported();
        return this.readArray();
      case 'struct':
        return tag.selfClosing ? {} : this.readStruct();
      default:
        throw new Unsupported();
    }
  }

  private readDate(text: string): Date {
    try {
      return dates.decodeIso8601(text);
    } catch {
      throw new Unsupported();
    }
  }

  /** Reads `<data>` with its values after `<array>`, through `</array>`. */
  private readArray(): unknown[] {
    const data = this.readOpenTag();
    if (data.name !== 'data') throw new Unsupported();

    const values: unknown[] = [];
    if (!data.selfClosing) {
      while (!this.atClose('data')) values.push(this.readValue());
      this.expectClose('data');
    }
    this.expectClose('array');
    return values;
  }

  /** Reads the members after `<struct>`, through `</struct>`. */
  private readStruct(): Record<string, unknown> {
    const struct: Record<string, unknown> = {};
    while (!this.atClose('struct')) {
      this.expectOpen('member');
      const name = this.readOpenTag();
      if (name.name !== 'name') throw new Unsupported();
      const key = name.selfClosing ? '' : this.readTextElement('name');
      // The package assigns members to a plain object, where this name would set its prototype.
      if (key === '__proto__') throw new Unsupported();
      struct[key] = this.readValue();
      this.expectClose('member');
    }
    this.expectClose('struct');
    return struct;
  }

  /** Reads the text up to the closing tag `name` and the tag itself. */
  private readTextElement(name: string): string {
    const text = this.readText();
    this.expectClose(name);
    return text;
  }

  /** Reads character data (text and CDATA sections) up to the next tag, with entity references decoded. */
  private readText(): string {
    let text = '';
    for (;;) {
      const next = this.xml.indexOf('<', this.position);
      if (next === -1) throw new Unsupported();
      text += decodeEntities(this.xml.slice(this.position, next));
      this.position = next;

      if (!this.xml.startsWith('<![CDATA[', next)) return text;
      const end = this.xml.indexOf(']]>', next + 9);
      if (end === -1) throw new Unsupported();
      text += this.xml.slice(next + 9, end);
      this.position = end + 3;
    }
  }

  /** Reads an opening tag without attributes, after optional whitespace. */
  private readOpenTag(): Tag {
    this.skipWhitespace();
    if (this.xml.charCodeAt(this.position) !== 0x3c) throw new Unsupported();
    const end = this.xml.indexOf('>', this.position);
    if (end === -1) throw new Unsupported();

    let name = this.xml.slice(this.position + 1, end);
    const selfClosing = name.endsWith('/');
    if (selfClosing) name = name.slice(0, -1);
    if (name === '' || WHITESPACE.test(name) || name.startsWith('/') || name.startsWith('!') || name.startsWith('?')) {
      throw new Unsupported();
    }
    this.position = end + 1;
    return { name, selfClosing };
  }

  private expectOpen(name: string): void {
    const tag = this.readOpenTag();
    if (tag.name !== name || tag.selfClosing) throw new Unsupported();
  }

  /** Tells whether the closing tag `name` comes next, after optional whitespace. */
  private atClose(name: string): boolean {
    this.skipWhitespace();
    return this.xml.startsWith(`</${name}>`, this.position);
  }

  private expectClose(name: string): void {
    if (!this.atClose(name)) throw new Unsupported();
    this.position += name.length + 3;
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.xml.charCodeAt(this.position);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.position += 1;
    }
  }
}

/** Replaces XML's predefined entities and character references. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;

  return text.replace(/&([^;&<]*);?/g, (reference: string, name: string) => {
    if (!reference.endsWith(';')) throw new Unsupported();
    const predefined = XML_ENTITIES[name];
    if (predefined !== undefined) return predefined;

    const codePoint = name.startsWith('#x') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? parseInt(name.slice(1), 10) : Number.NaN;
    if (!Number.isInteger(codePoint) || codePoint < 1 || codePoint > 0x10ffff || !/^#(x[0-9A-Fa-f]+|[0-9]+)$/.test(name)) {
      throw new Unsupported();
    }
    return String.fromCodePoint(codePoint);
  });
}

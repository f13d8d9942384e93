// XML-RPC bodies in and out, built with the `xmlrpc` package's own
// deserializer and serializer, plus the value rules of Odoo 16's marshaller.

import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

import { cannotMarshalNone, type ServerException } from './faults.js';
import { formatPythonNumber } from './python/repr.js';
import { PythonFloat, XmlRpcBinary, XmlRpcDateTime } from './python/values.js';

interface XmlRpcDeserializer {
  deserializeMethodCall(
    stream: Readable,
    callback: (error: Error | null | undefined, methodName?: string, params?: unknown[]) => void,
  ): void;
}

interface XmlRpcSerializer {
  serializeMethodResponse(value: unknown): string;
  serializeFault(fault: { faultCode: number; faultString: string }): string;
}

interface XmlRpcCustomType {
  tagName: string;
}

// The package exposes these modules only as CommonJS files without types.
const require = createRequire(import.meta.url);
const Deserializer = require('xmlrpc/lib/deserializer.js') as new () => XmlRpcDeserializer;
const Serializer = require('xmlrpc/lib/serializer.js') as XmlRpcSerializer;
const CustomType = require('xmlrpc/lib/customtype.js') as new (raw: string) => XmlRpcCustomType;

export interface MethodCall {
  methodName: string;
  params: unknown[];
}

/** Parses an XML-RPC method call from a request body. */
export function parseMethodCall(body: Readable): Promise<MethodCall> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodCall(body, (error, methodName, params) => {
      if (error) reject(error);
      else resolve({ methodName: methodName ?? '', params: (params ?? []).map(fromXmlRpc) });
    });
  });
}

/** Serializes a method result, or raises the marshaller's TypeError for a None inside it. */
export function serializeResponse(value: unknown): string {
  return Serializer.serializeMethodResponse(toXmlRpc(value));
}

export function serializeFault(exception: ServerException): string {
  return Serializer.serializeFault({
    faultCode: exception.faultCode,
    faultString: stripControlCharacters(exception.faultString),
  });
}

/** Gives request values the Python types Odoo 16 receives for them. */
function fromXmlRpc(value: unknown): unknown {
  if (value instanceof Date) return new XmlRpcDateTime(value);
  if (Buffer.isBuffer(value)) return new XmlRpcBinary(value);
  if (Array.isArray(value)) return value.map(fromXmlRpc);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromXmlRpc(item)]));
  }
  return value;
}

/**
 * Prepares a result for the serializer as Odoo's marshaller writes it: floats
 * as `<double>` with Python's digits, strings without the control characters
 * XML 1.0 forbids, and no `<nil/>`, which Odoo 16 never sends.
 */
function toXmlRpc(value: unknown): unknown {
  if (value === null || value === undefined) throw cannotMarshalNone();
  if (value instanceof PythonFloat) return double(value.value);
  if (typeof value === 'number') return Number.isInteger(value) ? value : double(value);
  if (typeof value === 'string') return stripControlCharacters(value);
  if (Array.isArray(value)) return value.map(toXmlRpc);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toXmlRpc(item)]));
  }
  return value;
}

function double(value: number): XmlRpcCustomType {
  const element = new CustomType(formatPythonNumber(value, true));
  element.tagName = 'double';
  return element;
}

// Odoo removes ASCII control characters other than tab, line feed and carriage return.
function stripControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
}

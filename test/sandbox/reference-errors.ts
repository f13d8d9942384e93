// Reads the fault texts that a real Odoo 16.0 server returned, as recorded in
// the reference notes next to the repository, so tests can compare the
// sandbox's faults with them word for word.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ERRORS_REFERENCE_PATH = fileURLToPath(
  new URL('../../../shared/reference/odoo16/errors.md', import.meta.url),
);
export const FIELDS_REFERENCE_DIRECTORY = fileURLToPath(new URL('../../../shared/reference/odoo16/', import.meta.url));

export const hasReference = existsSync(ERRORS_REFERENCE_PATH);

export const JSON2_REFERENCE_PATH = fileURLToPath(new URL('../../../shared/reference/odoo19/errors.md', import.meta.url));

export const hasJson2Reference = existsSync(JSON2_REFERENCE_PATH);

export interface ReferenceFault {
  title: string;
  faultCode: number;
  /** The whole faultString, for faults that carry a plain message. */
  faultString?: string;
  /** The last traceback line, for faults with faultCode 1. */
  lastLine?: string;
}

/** Parses every "### <case>" section that records a fault. */
export function readReferenceFaults(): Map<string, ReferenceFault> {
  const text = readFileSync(ERRORS_REFERENCE_PATH, 'utf8');
  const faults = new Map<string, ReferenceFault>();

  for (const section of text.split(/^### /m).slice(1)) {
    const title = section.slice(0, section.indexOf('\n')).trim();
    const code = /faultCode: `(\d+)`/.exec(section);
    if (!code) continue;

    const fault: ReferenceFault = { title, faultCode: Number(code[1]) };
    const lastLine = /Last line of faultString \(the message\):\s*```\n([^\n]*)\n```/.exec(section);
    const repr = /faultString \(Python repr, then as printed\):\s*```\n([^\n]*)\n```/.exec(section);
    const inline = /faultString: `([^`]*)`/.exec(section);
    if (lastLine) fault.lastLine = lastLine[1];
    else if (repr) fault.faultString = parsePythonStringLiteral(repr[1] ?? '');
    else if (inline) fault.faultString = inline[1];
    faults.set(title, fault);
  }
  return faults;
}

/** Parses a Python string literal as repr() prints it (single or double quotes, backslash escapes). */
function parsePythonStringLiteral(literal: string): string {
  const body = literal.slice(1, -1);
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
  return body.replace(/\\(.)/g, (_match, char: string) => escapes[char] ?? `\\${char}`);
}

/** Parses the JSON result of every "### <case>" section that records a call without a fault. */
export function readReferenceResults(): Map<string, unknown> {
  const text = readFileSync(ERRORS_REFERENCE_PATH, 'utf8');
  const results = new Map<string, unknown>();
  for (const section of text.split(/^### /m).slice(1)) {
    const title = section.slice(0, section.indexOf('\n')).trim();
    const result = /No fault; result: `([^`]*)`/.exec(section);
    if (result) results.set(title, JSON.parse(result[1] ?? 'null'));
  }
  return results;
}

export interface ReferenceJson2Response {
  status: number;
  /** The JSON body, or undefined for an HTML page. */
  body?: { name: string; message: string; arguments: unknown[]; context: unknown };
}

/** Parses the response of every "### J<n>. <case>" section recorded on a real Odoo 19.0, by its J number. */
export function readReferenceJson2(): Map<string, ReferenceJson2Response> {
  const text = readFileSync(JSON2_REFERENCE_PATH, 'utf8');
  const responses = new Map<string, ReferenceJson2Response>();
  for (const section of text.split(/^### /m).slice(1)) {
    const number = /^(J\d+)\./.exec(section)?.[1];
    const status = /Response: HTTP \*\*(\d+)\*\*/.exec(section)?.[1];
    if (!number || !status) continue;
    const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    responses.set(number, { status: Number(status), body: json ? (JSON.parse(json) as ReferenceJson2Response['body']) : undefined });
  }
  return responses;
}

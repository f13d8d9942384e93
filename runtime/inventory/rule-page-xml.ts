/**
 * Parses one rule instance of an application export: Pega's page
 * serialisation, `<pagedata>` with one element per property. An element with
 * `REPEATINGTYPE="PageList"` or `"PageGroup"` contains `rowdata` entries keyed
 * by `REPEATINGINDEX`, and `"ValueList"` contains text entries. An element
 * with child elements is an embedded page, and any other element is a text value.
 */

import { SaxesParser } from 'saxes';

import { InventoryError } from './inventory-error.js';

export type PageProperty =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'page'; readonly page: RulePage }
  | { readonly kind: 'list'; readonly pages: readonly RulePage[] }
  | { readonly kind: 'group'; readonly pages: ReadonlyMap<string, RulePage> }
  | { readonly kind: 'values'; readonly values: readonly string[] };

export interface RulePage {
  /** `entry name:line`, for messages. */
  readonly location: string;
  readonly properties: ReadonlyMap<string, PageProperty>;
}

interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly line: number;
  readonly children: XmlElement[];
  text: string;
}

function parseElements(xml: string, entry: string): XmlElement {
  if (xml.includes('<!DOCTYPE')) {
    throw new InventoryError(`${entry} contains a DOCTYPE declaration; pmap reads rule XML without DTDs and never expands entities, so remove it or export again`);
  }
  const parser = new SaxesParser({ position: true });
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) attributes[name] = String(value);
    const element: XmlElement = { name: tag.name, attributes, line: parser.line, children: [], text: '' };
    open.at(-1)?.children.push(element);
    root ??= element;
    open.push(element);
  });
  parser.on('text', (text) => {
    const current = open.at(-1);
    if (current) current.text += text;
  });
  parser.on('cdata', (text) => {
    const current = open.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    open.pop();
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    throw new InventoryError(`${entry} is not well-formed XML: ${(error as Error).message}; export the application again`);
  }
  if (root === undefined) throw new InventoryError(`${entry} contains no XML element; export the application again`);
  return root;
}

function toPage(element: XmlElement, entry: string): RulePage {
  const properties = new Map<string, PageProperty>();
  for (const child of element.children) properties.set(child.name, toProperty(child, entry));
  return { location: `${entry}:${element.line}`, properties };
}

function toProperty(element: XmlElement, entry: string): PageProperty {
  const repeating = element.attributes.REPEATINGTYPE;
  const rows = element.children.filter((child) => child.name === 'rowdata');
  if (repeating === 'PageList') return { kind: 'list', pages: rows.map((row) => toPage(row, entry)) };
  if (repeating === 'PageGroup') {
    return { kind: 'group', pages: new Map(rows.map((row) => [row.attributes.REPEATINGINDEX ?? '', toPage(row, entry)])) };
  }
  if (repeating === 'ValueList' || repeating === 'ValueGroup') return { kind: 'values', values: rows.map((row) => row.text.trim()) };
  if (element.children.length > 0) return { kind: 'page', page: toPage(element, entry) };
  return { kind: 'text', text: element.text.trim() };
}

/** Parses a rule instance; returns undefined for XML whose root is not `<pagedata>` (a control file). */
export function parseRulePage(xml: string, entry: string): RulePage | undefined {
  const root = parseElements(xml, entry);
  return root.name === 'pagedata' ? toPage(root, entry) : undefined;
}

/** Returns a text property, or undefined when it is absent or empty. */
export function textOf(page: RulePage, name: string): string | undefined {
  const property = page.properties.get(name);
  return property?.kind === 'text' && property.text !== '' ? property.text : undefined;
}

export function pageOf(page: RulePage, name: string): RulePage | undefined {
  const property = page.properties.get(name);
  return property?.kind === 'page' ? property.page : undefined;
}

/** Returns the entries of a page list, or none when it is absent. */
export function pageListOf(page: RulePage, name: string): readonly RulePage[] {
  const property = page.properties.get(name);
  return property?.kind === 'list' ? property.pages : [];
}

export function pageGroupOf(page: RulePage, name: string): ReadonlyMap<string, RulePage> {
  const property = page.properties.get(name);
  return property?.kind === 'group' ? property.pages : new Map();
}

/** Reads a number property; text that is not a number is an error naming the property and the line. */
export function numberOf(page: RulePage, name: string): number | undefined {
  const text = textOf(page, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new InventoryError(`${page.location}: ${name} is "${text}", not a number; fix the rule in Pega and export it again`);
  return value;
}

/** Reads a TrueFalse property: `true` is true, anything else false. */
export function flagOf(page: RulePage, name: string): boolean {
  return textOf(page, name)?.toLowerCase() === 'true';
}

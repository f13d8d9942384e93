/**
 * Writes and reads the inventory files in a project's `inventory/` folder.
 * Written files are deterministic: a fixed key order, sorted lists, no
 * timestamps and no line folding. Read files are checked against
 * `inventory.schema.json`; a YAML syntax error or a schema violation in a
 * hand-edited file raises an InventoryError naming the file, the line and
 * the key path.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, stringify, type Document, type Node } from 'yaml';

import { InventoryError } from './inventory-error.js';
import { INVENTORY_FILES, type RuleInventory } from './inventory-types.js';

const schema = JSON.parse(readFileSync(new URL('./inventory.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(schema);

const DEFINITION_OF: Readonly<Record<keyof RuleInventory, string>> = {
  caseTypes: 'caseTypesFile',
  serviceLevels: 'serviceLevelsFile',
  decisionStrategies: 'decisionStrategiesFile',
  flows: 'flowsFile',
  reports: 'reportsFile',
};

function validatorOf(kind: keyof RuleInventory): ValidateFunction {
  return ajv.getSchema(`pmap-inventory#/definitions/${DEFINITION_OF[kind]}`)!;
}

const HEADER = [
  '# Rule inventory written by `pmap discover pega`; `pmap docs` renders it.',
  '# Discovery rewrites this file: commit it, so that a diff shows what changed in Pega.',
  '# Hand edits (details the export lacks) must follow inventory.schema.json of the pmap package.',
].join('\n');

/** Writes the five inventory files into `folder` and returns their paths. */
export function writeInventory(folder: string, inventory: RuleInventory): string[] {
  mkdirSync(folder, { recursive: true });
  return INVENTORY_FILES.map(({ kind, file }) => {
    const path = join(folder, file);
    const body = stringify({ pmapInventory: 1, [kind]: inventory[kind] }, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
    writeFileSync(path, `${HEADER}\n${body}`);
    return path;
  });
}

/** Reads `inventory/` of a project; returns undefined when the folder does not exist. */
export function readInventory(folder: string, displayFolder: string = folder): RuleInventory | undefined {
  if (!existsSync(folder)) return undefined;
  const inventory: Partial<Record<keyof RuleInventory, unknown[]>> = {};
  for (const { kind, file } of INVENTORY_FILES) {
    const path = join(folder, file);
    inventory[kind] = existsSync(path) ? parseInventoryFile(`${displayFolder}/${file}`, readFileSync(path, 'utf8'), kind) : [];
  }
  return inventory as unknown as RuleInventory;
}

/** Parses and validates the text of one inventory file; `file` names it in messages. */
export function parseInventoryFile(file: string, text: string, kind: keyof RuleInventory): unknown[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return `${file}:${position.line}:${position.col}: invalid YAML: ${error.message.split('\n')[0]}`;
    });
    throw new InventoryError(`${problems.join('\n')}\nfix the YAML syntax (indent with spaces) or run \`pmap discover pega\` again to rewrite the file`);
  }

  const value: unknown = document.toJS();
  const validate = validatorOf(kind);
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((error) => describeError(file, document, lineCounter, error));
    throw new InventoryError(`${[...new Set(problems)].join('\n')}\nfix these keys (inventory.schema.json of the pmap package describes each) or run \`pmap discover pega\` again to rewrite the file`);
  }
  return (value as Record<string, unknown[]>)[kind]!;
}

function describeError(file: string, document: Document, lineCounter: LineCounter, error: ErrorObject): string {
  const path = error.instancePath.split('/').filter(Boolean).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const keyPath = path.length > 0 ? path.join('.') : '(top level)';
  const node = (path.length > 0 ? document.getIn(path, true) : document.contents) as Node | null | undefined;
  const line = lineOf(node ?? undefined, lineCounter);
  const where = `${file}${line === undefined ? '' : `:${line}`}`;

  switch (error.keyword) {
    case 'required':
      return `${where}: ${keyPath} is missing the key \`${(error.params as { missingProperty: string }).missingProperty}\``;
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const keyLine = lineOf(keyNodeOf(document, path, extra), lineCounter) ?? line;
      return `${file}${keyLine === undefined ? '' : `:${keyLine}`}: ${keyPath} has an unknown key \`${extra}\``;
    }
    case 'enum':
      return `${where}: ${keyPath} must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')}`;
    case 'const':
      return `${where}: ${keyPath} must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return `${where}: ${keyPath} ${error.message ?? 'is invalid'}`;
  }
}

function keyNodeOf(document: Document, path: ReadonlyArray<string | number>, key: string): Node | undefined {
  const map = path.length > 0 ? document.getIn(path, true) : document.contents;
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

function lineOf(node: Node | undefined, lineCounter: LineCounter): number | undefined {
  const range = node?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}

import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { parseSchemaSelection } from '../../runtime/discover/pega-postgres-discovery.js';
import { buildInventory } from '../../runtime/inventory/build-inventory.js';
import { readExportArchive, type ExportedRule } from '../../runtime/inventory/export-archive.js';
import { InventoryError } from '../../runtime/inventory/inventory-error.js';
import { writeInventory } from '../../runtime/inventory/inventory-files.js';
import { INVENTORY_FILES } from '../../runtime/inventory/inventory-types.js';
import { readRuleTables, type RuleTableLocation } from '../../runtime/inventory/rule-tables.js';
import type { PegaSchema } from '../../runtime/schema-types.js';
import { UserError } from '../user-error.js';

const RULE_TABLES = ['pr4_rule', 'pr4_rule_flow'];

/** Finds the rule tables among the discovered tables, with the PostgreSQL schema each one is in. */
export function ruleTableLocations(schema: PegaSchema, schemaEntries: readonly string[] | undefined): RuleTableLocation[] {
  const postgresSchemaOf = new Map((schemaEntries === undefined ? [] : parseSchemaSelection(schemaEntries)).map((selection) => [selection.name, selection.schema]));
  return Object.keys(schema.tables).sort().flatMap((qualified) => {
    const dot = qualified.indexOf('.');
    const name = qualified.slice(0, dot);
    const table = qualified.slice(dot + 1);
    return RULE_TABLES.includes(table) ? [{ schema: postgresSchemaOf.get(name) ?? name, table }] : [];
  });
}

/** Checks that the export archive is a file, before discovery spends time on the database. */
export function checkInventoryArchive(path: string): void {
  if (!existsSync(path)) throw new UserError(`--inventory-from ${path} not found; pass the .zip file that Pega's export (a product rule) wrote`);
  if (statSync(path).isDirectory()) throw new UserError(`--inventory-from ${path} is a folder; pass the .zip file that Pega's export (a product rule) wrote`);
}

/**
 * Writes `inventory/*.yaml` beside `schemas/`: the rules the rule tables
 * list, with the details of those the application export at `archivePath`
 * contains. Without rule tables and without an export, nothing is written.
 */
export async function runDiscoverInventory(directory: string, options: { connectionString: string; schema: PegaSchema; schemas?: string[]; inventoryFrom?: string }): Promise<void> {
  const locations = ruleTableLocations(options.schema, options.schemas);
  if (locations.length === 0 && options.inventoryFrom === undefined) {
    process.stdout.write('no rule tables (pr4_rule, pr4_rule_flow) among the discovered tables and no --inventory-from export: inventory/ not written\n');
    return;
  }

  let exported: ExportedRule[] = [];
  if (options.inventoryFrom !== undefined) {
    checkInventoryArchive(options.inventoryFrom);
    try {
      exported = readExportArchive(options.inventoryFrom, options.inventoryFrom);
    } catch (error) {
      if (error instanceof InventoryError) throw new UserError(error.message);
      throw error;
    }
  }

  const rows = locations.length === 0 ? [] : await readRuleTables(options.connectionString, locations);
  let built;
  try {
    built = buildInventory(rows, exported);
  } catch (error) {
    if (error instanceof InventoryError) throw new UserError(error.message);
    throw error;
  }

  const folder = join(directory, 'inventory');
  writeInventory(folder, built.inventory);
  const counts = INVENTORY_FILES.map(({ kind, file }) => `${built.inventory[kind].length} in ${file}`).join(', ');
  const from = options.inventoryFrom === undefined ? 'the rule tables only (pass --inventory-from with the application export for stages, steps and SLAs)' : `the rule tables and ${options.inventoryFrom}`;
  process.stdout.write(`wrote ${relative(process.cwd(), folder) || folder}/ from ${from}: ${counts}\n`);
  for (const note of built.notes) process.stdout.write(`note: ${note}\n`);
}

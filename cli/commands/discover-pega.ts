import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { canonicalJson } from '../../compiler/canonical-json.js';
import { PegaDiscoveryError } from '../../runtime/discover/discovery-errors.js';
import { discoverPegaSchema } from '../../runtime/discover/pega-postgres-discovery.js';
import { UserError } from '../user-error.js';
import { checkInventoryArchive, runDiscoverInventory } from './discover-inventory.js';

/**
 * `pmap discover pega`: reads the Pega database's catalog and data and writes
 * `schemas/pega.json` in the project folder. `schemas` lists the PostgreSQL
 * schemas to read, each `name` or `name=schema`. Without it, every schema
 * that contains tables is read. It then writes the rule inventory,
 * `inventory/*.yaml`, from the rule tables and, with `inventoryFrom`, the
 * application export archive at that path.
 */
export async function runDiscoverPega(directory: string, options: { connectionString: string; schemas?: string[]; inventoryFrom?: string }): Promise<number> {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new UserError(`project folder ${directory} does not exist; create it or pass the folder that contains pmap.yaml`);
  }
  if (options.inventoryFrom !== undefined) checkInventoryArchive(options.inventoryFrom);

  let schema;
  try {
    schema = await discoverPegaSchema({ connectionString: options.connectionString, ...(options.schemas === undefined ? {} : { schemas: options.schemas }) });
  } catch (error) {
    if (error instanceof PegaDiscoveryError) throw new UserError(error.message);
    throw error;
  }

  const folder = join(directory, 'schemas');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'pega.json');
  writeFileSync(path, `${canonicalJson(schema)}\n`);

  const tableCount = Object.keys(schema.tables).length;
  const schemaNames = [...new Set(Object.keys(schema.tables).map((table) => table.slice(0, table.indexOf('.'))))].sort();
  const relationshipCount = schema.relationships?.length ?? 0;
  process.stdout.write(`wrote ${path}: ${tableCount} tables in ${schemaNames.join(', ')}, ${relationshipCount} relationships\n`);

  try {
    await runDiscoverInventory(directory, { ...options, schema });
  } catch (error) {
    if (error instanceof PegaDiscoveryError) throw new UserError(error.message);
    throw error;
  }
  return 0;
}

import pg from 'pg';

import { fixtureTables } from '../fixtures/pega-db/fixture-tables.js';
import { qualifiedName, type FixtureSchemaName } from '../fixtures/pega-db/fixture-table.js';
import type { AttachStreamMode } from '../fixtures/pega-db/fixture-context.js';

/**
 * Returns an order-independent hash of every table's rows (md5 of the sorted
 * md5s of each row's text form), keyed by `schema.table` without the prefix.
 */
export async function tableHashes(
  client: pg.ClientBase,
  schemaNames: Readonly<Record<FixtureSchemaName, string>>,
  attachStream: AttachStreamMode,
): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const table of fixtureTables(attachStream)) {
    const relation = `${pg.escapeIdentifier(schemaNames[table.schema])}.${pg.escapeIdentifier(table.name)}`;
    const result = await client.query<{ hash: string }>(`SELECT md5(string_agg(row_hash, '' ORDER BY row_hash)) AS hash FROM (SELECT md5(t::text) AS row_hash FROM ${relation} AS t) AS rows`);
    hashes[qualifiedName(table)] = result.rows[0]!.hash;
  }
  return hashes;
}

/** Opens a client, runs `use` and closes it. */
export async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

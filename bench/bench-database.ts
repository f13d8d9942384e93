// The PostgreSQL database the benchmarks generate fixture Pega schemas in.

import pg from 'pg';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Returns PMAP_BENCH_DATABASE_URL, or the local server as user postgres. */
export function benchDatabaseUrl(): string {
  return process.env.PMAP_BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

/** Drops the schemas a benchmark generated, with everything in them. */
export async function dropSchemas(connectionString: string, schemaNames: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (const schema of schemaNames) await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { DEMO_TABLES } from '../fixtures/demo-schema.js';
import { loadDatasetIntoPostgres } from '../fixtures/load-postgres.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { createTestDatabase, releaseTestDatabases } from '../support/postgres.js';
import { runPmap } from '../support/run-pmap.js';

afterAll(releaseTestDatabases);

describe('pmap apply from a Pega PostgreSQL database', () => {
  it('loads the demo through source kind postgres', async () => {
    const database = await createTestDatabase('cli-postgres');
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      const keys = Object.fromEntries(DEMO_TABLES.map((table) => [table.table, table.key]));
      const loaded = await loadDatasetIntoPostgres(client, generateDemoDataset(), { schemaPrefix: database.schemaPrefix, keys });
      const schemas = Object.entries(loaded.schemaNames).map(([name, actual]) => `    ${name}: ${actual}`).join('\n');
      const directory = copyDemoProject();
      editProjectFile(directory, 'pmap.yaml', '  kind: bix            # BIX XML files, one per Pega table\n  path: extract        # relative to this file', `  kind: postgres\n  url_env: PMAP_PEGA_DATABASE_URL\n  schemas:\n${schemas}`);
      const result = await runPmap(['apply', directory, '--sandbox'], { env: { PMAP_PEGA_DATABASE_URL: database.connectionString } });

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/WorkObject\s+crm\.lead\s+500\s+0\s+485\s+0\s+0\s+15\s+485/);
      expect(result.stdout).not.toContain(database.connectionString);
    } finally {
      await client.end();
      await database.drop();
    }
  });

  it('names the missing URL variable', async () => {
    const directory = copyDemoProject();
    editProjectFile(directory, 'pmap.yaml', '  kind: bix            # BIX XML files, one per Pega table\n  path: extract        # relative to this file', '  kind: postgres\n  url_env: PMAP_PEGA_DATABASE_URL');
    const result = await runPmap(['apply', directory, '--sandbox'], { env: { PMAP_PEGA_DATABASE_URL: undefined } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the environment variable PMAP_PEGA_DATABASE_URL is not set');
  });
});

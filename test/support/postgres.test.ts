import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { createTestDatabase, defaultTestBackend, releaseTestDatabases, testBackends } from './postgres.js';

const backends = await testBackends();

afterAll(releaseTestDatabases);

async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describe('testBackends', () => {
  it('lists the default first and always PGlite', async () => {
    expect(backends[0]).toBe(await defaultTestBackend());
    expect(backends).toContain('pglite');
    expect(new Set(backends).size).toBe(backends.length);
  });

  it('honors PMAP_TEST_FORCE_PGLITE', async () => {
    if (process.env.PMAP_TEST_FORCE_PGLITE === '1') {
      expect(await defaultTestBackend()).toBe('pglite');
    } else if (process.env.PMAP_TEST_DATABASE_URL) {
      expect(await defaultTestBackend()).toBe('env');
    } else {
      expect(['local-server', 'pglite']).toContain(await defaultTestBackend());
    }
  });
});

describe.each(backends)('createTestDatabase on %s', (backend) => {
  it('creates a database the pg driver can use', async () => {
    const db = await createTestDatabase('helper use', { backend });
    try {
      expect(db.kind).toBe(backend);
      const schema = pg.escapeIdentifier(`${db.schemaPrefix}data`);

      const rows = await withClient(db.connectionString, async (client) => {
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.query(`CREATE TABLE ${schema}.pc_work (pzinskey varchar(255) PRIMARY KEY, pylabel text)`);
        await client.query(`INSERT INTO ${schema}.pc_work VALUES ($1, $2)`, ['ACME-CS-WORK S-1', 'Überweisung']);
        return (await client.query(`SELECT pzinskey, pylabel FROM ${schema}.pc_work`)).rows;
      });

      expect(rows).toEqual([{ pzinskey: 'ACME-CS-WORK S-1', pylabel: 'Überweisung' }]);
    } finally {
      await db.drop();
    }
  });

  it('keeps two test databases apart', async () => {
    const first = await createTestDatabase('helper apart', { backend });
    const second = await createTestDatabase('helper apart', { backend });
    try {
      expect(first.connectionString + first.schemaPrefix).not.toBe(second.connectionString + second.schemaPrefix);

      for (const [db, label] of [[first, 'first'], [second, 'second']] as const) {
        await withClient(db.connectionString, async (client) => {
          await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(`${db.schemaPrefix}data`)}`);
          await client.query(`CREATE TABLE ${pg.escapeIdentifier(`${db.schemaPrefix}data`)}.t AS SELECT $1::text AS label`, [label]);
        });
      }
      const labels = await withClient(first.connectionString, async (client) =>
        (await client.query(`SELECT label FROM ${pg.escapeIdentifier(`${first.schemaPrefix}data`)}.t`)).rows,
      );

      expect(labels).toEqual([{ label: 'first' }]);
    } finally {
      await first.drop();
      await second.drop();
    }
  });

  it('drops everything it created', async () => {
    const db = await createTestDatabase('helper drop', { backend });
    await withClient(db.connectionString, async (client) => {
      await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(`${db.schemaPrefix}data`)}`);
      await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(`${db.schemaPrefix}customerdata`)}`);
    });

    await db.drop();

    if (db.schema === undefined) {
      const error = await withClient(db.connectionString, async () => undefined).catch((caught: unknown) => caught);
      expect((error as { code?: string }).code).toBe('3D000');
    } else {
      const left = await withClient(db.connectionString, async (client) =>
        (await client.query('SELECT nspname FROM pg_namespace WHERE nspname = $1 OR left(nspname, length($2)) = $2', [db.schema, db.schemaPrefix])).rows,
      );
      expect(left).toEqual([]);
    }
  });

  it('states the backend limits it reports', async () => {
    const db = await createTestDatabase('helper limits', { backend });
    try {
      const login = new URL(db.connectionString);
      login.username = 'pmap_no_such_user';
      const loggedInAs = await withClient(login.toString(), async (client) => (await client.query('SELECT current_user AS name')).rows[0].name)
        .catch(() => undefined);

      expect(loggedInAs === undefined).toBe(db.features.checksLogins);
      expect(db.features.concurrentTransactions).toBe(backend !== 'pglite');
      expect(db.features.statementTimeout).toBe(backend !== 'pglite');
    } finally {
      await db.drop();
    }
  });
});

describe('PGlite limits', () => {
  it('gives each test a schema', async () => {
    const db = await createTestDatabase('pglite schema', { backend: 'pglite' });
    try {
      expect(db.schema).toMatch(/^pmapt_pglite_schema_/);
      expect(db.schemaPrefix).toBe(`${db.schema}_`);
      const found = await withClient(db.connectionString, async (client) =>
        (await client.query('SELECT count(*)::int AS found FROM pg_namespace WHERE nspname = $1', [db.schema])).rows[0].found,
      );
      expect(found).toBe(1);
    } finally {
      await db.drop();
    }
  });

  it('does not enforce statement_timeout', async () => {
    const db = await createTestDatabase('pglite timeout', { backend: 'pglite' });
    try {
      const outcome = await withClient(db.connectionString, async (client) => {
        await client.query('BEGIN');
        await client.query("SELECT set_config('statement_timeout', '1', true)");
        const result = await client.query('SELECT pg_sleep(0.2)').then(
          () => 'completed',
          (error: { code?: string }) => `failed with ${error.code}`,
        );
        await client.query('ROLLBACK');
        return result;
      });

      // If this starts failing, PGlite enforces the timeout and the connector's timeout test can run on it.
      expect(outcome).toBe('completed');
    } finally {
      await db.drop();
    }
  });
});

/**
 * PostgreSQL for tests, on any machine: a fresh database (or schema) per test.
 *
 * The default backend is, in this order:
 * 1. `env`: the server at PMAP_TEST_DATABASE_URL, a postgres:// URL. When its
 *    user may not create databases, each test gets a schema in the URL's
 *    database instead;
 * 2. `local-server`: the server on 127.0.0.1:5432, as user `postgres` in
 *    database `postgres`, when it accepts a connection within 2 s (CI runs one);
 * 3. `pglite`: an in-process PGlite behind a socket server on 127.0.0.1, started
 *    once per test process. postgres-pglite.ts lists what it cannot do; the
 *    `features` of a TestDatabase tell a test which of those to skip.
 * PMAP_TEST_FORCE_PGLITE=1 makes PGlite the default. `testBackends()` returns
 * the default and, when that is a server, PGlite too, so suites can run on both.
 *
 * Test files that use this module call `releaseTestDatabases()` in `afterAll`.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { startPglite, stopPglite } from './postgres-pglite.js';

export type TestDatabaseKind = 'env' | 'local-server' | 'pglite';

/** Checks the backend enforces, so tests can skip what it cannot show. */
export interface TestBackendFeatures {
  /** Other connections run statements while a transaction is open (PGlite queues them until it ends). */
  readonly concurrentTransactions: boolean;
  /** The server rejects unknown users and databases (PGlite lets anyone in as `postgres`). */
  readonly checksLogins: boolean;
  /** The server cancels a statement that runs longer than statement_timeout (PGlite does not). */
  readonly statementTimeout: boolean;
}

export interface TestDatabase {
  readonly kind: TestDatabaseKind;
  /** Connection URL of the test's own database, or of the shared database that contains its schema. */
  readonly connectionString: string;
  /** The test's own schema, created empty, when the backend cannot give it a database. */
  readonly schema?: string;
  /**
   * Prefix for the name of every schema the test creates: '' in its own
   * database, `<schema>_` in a shared one. `drop()` removes those schemas.
   */
  readonly schemaPrefix: string;
  readonly features: TestBackendFeatures;
  /** Drops the database, or the test's schema and every schema named with `schemaPrefix`. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Backend to use instead of the default. It must be available. */
  readonly backend?: TestDatabaseKind;
}

const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_PROBE_TIMEOUT_MS = 2_000;
const ADMIN_CONNECT_TIMEOUT_MS = 10_000;

const SERVER_FEATURES: TestBackendFeatures = { concurrentTransactions: true, checksLogins: true, statementTimeout: true };
const PGLITE_FEATURES: TestBackendFeatures = { concurrentTransactions: false, checksLogins: false, statementTimeout: false };

let defaultBackend: Promise<TestDatabaseKind> | undefined;
let pgliteReason = 'the default backend';
const loggedBackends = new Set<string>();
let nameCounter = 0;

/** Returns the backend tests use unless they ask for another one. */
export function defaultTestBackend(): Promise<TestDatabaseKind> {
  defaultBackend ??= resolveDefaultBackend();
  return defaultBackend;
}

/** Returns the default backend and, when it is a server, PGlite after it. */
export async function testBackends(): Promise<TestDatabaseKind[]> {
  const first = await defaultTestBackend();
  return first === 'pglite' ? ['pglite'] : [first, 'pglite'];
}

/**
 * Creates a uniquely named database (or schema, see TestDatabase) for one test.
 * `label` becomes part of the name, so a leftover shows which test made it.
 */
export async function createTestDatabase(label: string, options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const kind = options.backend ?? (await defaultTestBackend());
  const name = uniqueName(label);

  if (kind === 'pglite') {
    const pglite = await startPglite();
    const reason = (await defaultTestBackend()) === 'pglite' ? pgliteReason : 'requested by the test';
    logBackend('pglite', `PGlite on ${new URL(pglite.connectionString).host} (${pglite.version}), ${reason}`);
    return createSchema(kind, pglite.connectionString, name, PGLITE_FEATURES);
  }

  const adminUrl = kind === 'env' ? environmentUrl() : LOCAL_SERVER_URL;
  const admin = await connectAdmin(adminUrl);
  try {
    const version = await admin.query<{ server_version: string }>('SHOW server_version');
    const where = kind === 'env' ? 'the server at PMAP_TEST_DATABASE_URL' : 'the server';
    logBackend(kind, `${where} at ${describeUrl(adminUrl)} (PostgreSQL ${version.rows[0]?.server_version})`);

    try {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } catch (error) {
      if (kind !== 'env' || (error as { code?: string }).code !== '42501') {
        throw error;
      }
      logBackend('env-schemas', `the user of PMAP_TEST_DATABASE_URL may not create databases, so each test gets a schema`);
      return await createSchema(kind, adminUrl, name, SERVER_FEATURES);
    }
  } finally {
    await admin.end();
  }

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    connectionString: url.toString(),
    schemaPrefix: '',
    features: SERVER_FEATURES,
    drop: async () => {
      const client = await connectAdmin(adminUrl);
      try {
        // WITH (FORCE), PostgreSQL 13 or later, ends connections a failed test left open.
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Stops the PGlite this process started, if any. */
export async function releaseTestDatabases(): Promise<void> {
  await stopPglite();
}

async function resolveDefaultBackend(): Promise<TestDatabaseKind> {
  if (process.env.PMAP_TEST_FORCE_PGLITE === '1') {
    pgliteReason = 'because PMAP_TEST_FORCE_PGLITE=1';
    return 'pglite';
  }
  if (process.env.PMAP_TEST_DATABASE_URL) {
    return 'env';
  }

  const probe = new pg.Client({ connectionString: LOCAL_SERVER_URL, connectionTimeoutMillis: LOCAL_PROBE_TIMEOUT_MS });
  // A connection that fails after connect() emits 'error', which the probe ignores because connect() rejects too.
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.query('SELECT 1');
    return 'local-server';
  } catch (error) {
    pgliteReason = `because 127.0.0.1:5432 did not accept user postgres (${(error as Error).message})`;
    return 'pglite';
  } finally {
    await probe.end().catch(() => undefined);
  }
}

async function createSchema(
  kind: TestDatabaseKind,
  connectionString: string,
  name: string,
  features: TestBackendFeatures,
): Promise<TestDatabase> {
  const client = await connectAdmin(connectionString);
  try {
    await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }

  const schemaPrefix = `${name}_`;
  return {
    kind,
    connectionString,
    schema: name,
    schemaPrefix,
    features,
    drop: async () => {
      const dropper = await connectAdmin(connectionString);
      try {
        const schemas = await dropper.query<{ nspname: string }>({
          text: 'SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = $1 OR left(nspname, length($2)) = $2',
          values: [name, schemaPrefix],
        });
        for (const { nspname } of schemas.rows) {
          await dropper.query(`DROP SCHEMA ${pg.escapeIdentifier(nspname)} CASCADE`);
        }
      } finally {
        await dropper.end();
      }
    },
  };
}

async function connectAdmin(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: ADMIN_CONNECT_TIMEOUT_MS });
  await client.connect();
  return client;
}

function environmentUrl(): string {
  const value = process.env.PMAP_TEST_DATABASE_URL ?? '';
  if (!URL.canParse(value) || !/^postgres(ql)?:$/.test(new URL(value).protocol)) {
    throw new Error('PMAP_TEST_DATABASE_URL must be a postgres:// URL, for example postgres://postgres@127.0.0.1:5432/postgres');
  }
  return value;
}

/** Returns host, port and database of a URL, leaving out user and password. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

function logBackend(key: string, description: string): void {
  if (loggedBackends.has(key)) {
    return;
  }
  loggedBackends.add(key);
  process.stderr.write(`pmap tests: PostgreSQL backend ${key}: ${description}\n`);
}

/**
 * Builds a name that is unique across processes and short enough that
 * `<name>_customerdata` stays within PostgreSQL's 63-byte identifier limit.
 */
function uniqueName(label: string): string {
  const cleanLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 16);
  nameCounter += 1;
  const suffix = `${process.pid.toString(36)}_${nameCounter.toString(36)}${randomBytes(2).toString('hex')}`;
  return `pmapt_${cleanLabel}_${suffix}`;
}

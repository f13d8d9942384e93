import net from 'node:net';

import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { PegaColumn, PegaSchema } from '../../runtime/schema-types.js';
import { PegaPostgresSource, PegaSourceError, type PegaPostgresSourceOptions } from '../../runtime/sources/pega-postgres.js';
import type { SourceRecord, SourceTableRef } from '../../runtime/sources/source.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { DEMO_TABLES } from '../fixtures/demo-schema.js';
import { loadDatasetIntoPostgres, type LoadedDataset, type PegaDatasetToLoad } from '../fixtures/load-postgres.js';
import { createTestDatabase, releaseTestDatabases, testBackends, type TestDatabase } from '../support/postgres.js';

const WORK = 'data.pc_acme_cs_work';
const RELATION = 'customerdata.contact_org_rel';
const HISTORY = 'data.pc_history_work';

const text = (column: string, length: number, nullable = true): PegaColumn => ({ column, type: 'text', length, nullable });

const HAND_SCHEMA: PegaSchema = {
  pegaSchema: 1,
  tables: {
    [WORK]: {
      className: 'ACME-CS-Work',
      columns: {
        pzInsKey: text('pzinskey', 255, false),
        pyID: text('pyid', 32),
        pyStatusWork: text('pystatuswork', 32),
        pyDescription: text('pydescription', 255),
        pxUrgencyWork: { column: 'pxurgencywork', type: 'integer', nullable: true },
        AmountDue: { column: 'amountdue', type: 'decimal', nullable: true },
        pxCreateDateTime: { column: 'pxcreatedatetime', type: 'datetime', nullable: false },
        pxUpdateDateTime: { column: 'pxupdatedatetime', type: 'datetime', nullable: true },
        DueDate: { column: 'duedate', type: 'date', nullable: true },
        IsEscalated: { column: 'isescalated', type: 'truefalse', nullable: true },
      },
    },
    [RELATION]: {
      className: 'PegaData-ContactOrgRel',
      columns: {
        OrgID: text('orgid', 32, false),
        ContactID: { column: 'contactid', type: 'integer', nullable: false },
        RoleName: { column: 'rolename', type: 'text', nullable: true },
      },
    },
  },
};

const HAND_KEYS = { [WORK]: ['pzInsKey'], [RELATION]: ['OrgID', 'ContactID'] };

function workRow(key: string, values: Partial<Record<string, string | null>>): SourceRecord {
  return {
    pzInsKey: `ACME-CS-WORK ${key}`,
    pyID: key,
    pyStatusWork: null,
    pyDescription: null,
    pxUrgencyWork: null,
    AmountDue: null,
    pxCreateDateTime: '20201016T032300.000 GMT',
    pxUpdateDateTime: null,
    DueDate: null,
    IsEscalated: null,
    ...values,
  };
}

// Rows are listed out of key order on purpose. WORK_KEY_ORDER is the order
// PostgreSQL must return them in: byte order, because the loader uses the "C" collation.
const WORK_ROWS: SourceRecord[] = [
  workRow('S-999', {
    pyStatusWork: 'Open',
    pyDescription: 'Müller & Søn – 東京の請求 ✓ 😀',
    pxUrgencyWork: '-12',
    AmountDue: '-0.001',
    // 02:30 on 31 March 2024 does not exist in Central European local time.
    pxCreateDateTime: '20240331T023000.000 GMT',
    pxUpdateDateTime: '20241027T013000.999 GMT',
    DueDate: '20240229',
    IsEscalated: 'false',
  }),
  workRow('s-5', { pyStatusWork: 'Resolved-Completed', AmountDue: '0', pxUrgencyWork: '0' }),
  workRow('S-1001', {
    pyStatusWork: 'New',
    pyDescription: 'Line one\r\nline two\t"quoted"',
    pxUrgencyWork: '999999999999999999',
    AmountDue: '100000000000000000000.25',
    pxCreateDateTime: '20240310T070000.000 GMT',
    pxUpdateDateTime: '20240310T065959.123 GMT',
    DueDate: '19700101',
    IsEscalated: 'true',
  }),
  workRow('É-1', { pyDescription: 'Ünïcödé key' }),
  workRow('W-17', { AmountDue: '1234.5', pxUpdateDateTime: '19991231T235959.999 GMT' }),
  workRow('S-1001-1', { pyStatusWork: 'Pending-Approval' }),
];
const WORK_KEY_ORDER = ['S-1001', 'S-1001-1', 'S-999', 'W-17', 's-5', 'É-1'];

const RELATION_ROWS: SourceRecord[] = [
  { OrgID: 'ORG-2', ContactID: '10', RoleName: 'Owner' },
  { OrgID: 'ORG-10', ContactID: '2', RoleName: null },
  { OrgID: 'ORG-2', ContactID: '9', RoleName: 'Billing' },
  { OrgID: 'ORG-10', ContactID: '10', RoleName: 'Técnico' },
  { OrgID: 'ORG-2', ContactID: '-1', RoleName: null },
];
// Text keys compare as text ('ORG-10' < 'ORG-2'), integer keys as numbers (2 < 10).
const RELATION_KEY_ORDER = [['ORG-10', '2'], ['ORG-10', '10'], ['ORG-2', '-1'], ['ORG-2', '9'], ['ORG-2', '10']];

const HAND_DATASET: PegaDatasetToLoad = { schema: HAND_SCHEMA, tables: { [WORK]: WORK_ROWS, [RELATION]: RELATION_ROWS } };

const workRef: SourceTableRef = { table: WORK, key: ['pzInsKey'] };
const relationRef: SourceTableRef = { table: RELATION, key: ['OrgID', 'ContactID'] };

async function readAll(source: PegaPostgresSource, table: SourceTableRef): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of source.read(table)) {
    records.push(record);
  }
  return records;
}

async function readError(source: PegaPostgresSource, table: SourceTableRef): Promise<PegaSourceError> {
  try {
    await readAll(source, table);
  } catch (error) {
    if (error instanceof PegaSourceError) {
      return error;
    }
    throw error;
  }
  throw new Error(`reading ${table.table} succeeded, but a PegaSourceError was expected`);
}

function inOrder(rows: readonly SourceRecord[], order: readonly string[]): SourceRecord[] {
  return order.map((key) => rows.find((row) => row.pyID === key)!);
}

/** Returns a port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function withUser(connectionString: string, user: string, password: string): string {
  const url = new URL(connectionString);
  url.username = user;
  url.password = password;
  return url.toString();
}

const backends = await testBackends();

afterAll(releaseTestDatabases);

describe.each(backends)('PegaPostgresSource on %s', (backend) => {
  let db: TestDatabase;
  let client: pg.Client;
  let sources: PegaPostgresSource[];

  beforeEach(async (context) => {
    db = await createTestDatabase(context.task.name, { backend });
    client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
    sources = [];
  });

  afterEach(async () => {
    await Promise.all(sources.map((source) => source.close()));
    await client.end();
    await db.drop();
  });

  function openSource(options: Partial<PegaPostgresSourceOptions> & { loaded?: LoadedDataset } = {}): PegaPostgresSource {
    const { loaded, ...rest } = options;
    const source = new PegaPostgresSource({
      connectionString: db.connectionString,
      schema: HAND_SCHEMA,
      schemaNames: loaded?.schemaNames ?? { data: `${db.schemaPrefix}data`, customerdata: `${db.schemaPrefix}customerdata` },
      ...rest,
    });
    sources.push(source);
    return source;
  }

  async function loadHandDataset(): Promise<LoadedDataset> {
    return loadDatasetIntoPostgres(client, HAND_DATASET, { schemaPrefix: db.schemaPrefix, keys: HAND_KEYS });
  }

  it('round-trips every column type', async () => {
    const loaded = await loadHandDataset();
    const records = await readAll(openSource({ loaded }), workRef);

    expect(records).toEqual(inOrder(WORK_ROWS, WORK_KEY_ORDER));
  });

  it('renders timestamps whatever the local time zone', async () => {
    const loaded = await loadHandDataset();
    const previousZone = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      const records = await readAll(openSource({ loaded }), workRef);
      const record = records.find((row) => row.pyID === 'S-999');

      expect(record?.pxCreateDateTime).toBe('20240331T023000.000 GMT');
      expect(record?.pxUpdateDateTime).toBe('20241027T013000.999 GMT');
    } finally {
      process.env.TZ = previousZone;
    }
  });

  it('orders composite keys by column type', async () => {
    const loaded = await loadHandDataset();
    const records = await readAll(openSource({ loaded }), relationRef);

    expect(records.map((record) => [record.OrgID, record.ContactID])).toEqual(RELATION_KEY_ORDER);
    expect(records[1]).toEqual({ OrgID: 'ORG-10', ContactID: '10', RoleName: 'Técnico' });
  });

  it('pages a composite key one row at a time', async () => {
    const loaded = await loadHandDataset();
    const records = await readAll(openSource({ loaded, pageSize: 1 }), relationRef);

    expect(records.map((record) => [record.OrgID, record.ContactID])).toEqual(RELATION_KEY_ORDER);
  });

  it('pages across page boundaries', async () => {
    const historySchema: PegaSchema = {
      pegaSchema: 1,
      tables: {
        [HISTORY]: {
          className: 'History-ACME-CS-Work',
          columns: {
            pzInsKey: text('pzinskey', 255, false),
            pxTimeCreated: { column: 'pxtimecreated', type: 'datetime', nullable: false },
          },
        },
      },
    };
    const rows = Array.from({ length: 23 }, (_, index) => ({
      pzInsKey: `HISTORY-ACME-CS-WORK ACME-CS-WORK S-1!${String(index).padStart(3, '0')}`,
      pxTimeCreated: `202401${String(index + 1).padStart(2, '0')}T120000.000 GMT`,
    }));
    const loaded = await loadDatasetIntoPostgres(client, { schema: historySchema, tables: { [HISTORY]: rows } }, { schemaPrefix: db.schemaPrefix });

    for (const pageSize of [1, 2, 5, 22, 23, 24, 1000]) {
      const source = openSource({ loaded, schema: historySchema, pageSize });
      const records = await readAll(source, { table: HISTORY, key: ['pzInsKey'] });

      expect(records, `pageSize ${pageSize}`).toEqual(rows);
    }
  });

  it('pages keys with quotes and backslashes', async () => {
    const noteSchema: PegaSchema = {
      pegaSchema: 1,
      tables: { [HISTORY]: { className: 'History-ACME-CS-Work', columns: { pzInsKey: text('pzinskey', 255, false), Note: text('note', 255) } } },
    };
    // Each key and note contains characters that COPY's text format escapes or
    // that a quoted SQL literal must escape. Rows are listed in byte order.
    const rows = [
      { pzInsKey: 'K \\N', Note: '\\N' },
      { pzInsKey: "K \\x41 'quoted'", Note: 'back\\slash at the end\\' },
      { pzInsKey: 'K tab\there', Note: 'tab\there\nnewline\rreturn' },
      { pzInsKey: "K''", Note: 'control \b\f\v characters' },
      { pzInsKey: 'K\\', Note: '\\\\server\\share' },
    ];
    const loaded = await loadDatasetIntoPostgres(client, { schema: noteSchema, tables: { [HISTORY]: rows } }, { schemaPrefix: db.schemaPrefix });

    for (const pageSize of [1, 2, 1000]) {
      const records = await readAll(openSource({ loaded, schema: noteSchema, pageSize }), { table: HISTORY, key: ['pzInsKey'] });

      expect(records, `pageSize ${pageSize}`).toEqual(rows);
    }
  });

  it('reads only rows since a watermark', async () => {
    const loaded = await loadHandDataset();
    const since = { property: 'pxUpdateDateTime', from: '2024-03-10 06:59:59.123' };

    for (const pageSize of [1, 1000]) {
      const records = await readAll(openSource({ loaded, pageSize }), { ...workRef, since });

      // S-1001 was updated exactly at the watermark, S-999 after it; W-17 before it, the rest never.
      expect(records.map((record) => record.pyID), `pageSize ${pageSize}`).toEqual(['S-1001', 'S-999']);
    }
  });

  it('reads an empty table', async () => {
    const loaded = await loadDatasetIntoPostgres(client, { schema: HAND_SCHEMA, tables: {} }, { schemaPrefix: db.schemaPrefix, keys: HAND_KEYS });

    expect(await readAll(openSource({ loaded, pageSize: 1 }), workRef)).toEqual([]);
  });

  it('reads from one snapshot', async (context) => {
    if (!db.features.concurrentTransactions) {
      console.warn(`skipped snapshot test on ${backend}: a second connection's statements wait until the reading transaction ends, so there is no concurrent change to hide`);
      context.skip();
    }
    const loaded = await loadHandDataset();
    const work = `${pg.escapeIdentifier(loaded.schemaNames.data!)}.pc_acme_cs_work`;
    const reader = openSource({ loaded, pageSize: 2 })
      .read(workRef)
      [Symbol.asyncIterator]();

    const first = await reader.next();
    expect(first.value?.pyID).toBe('S-1001');
    await client.query(`INSERT INTO ${work} (pzinskey, pxcreatedatetime) VALUES ('ACME-CS-WORK Z-1', now())`);
    await client.query(`DELETE FROM ${work} WHERE pyid = 'W-17'`);
    await client.query(`UPDATE ${work} SET pystatuswork = 'Changed' WHERE pyid = 'É-1'`);
    const records = [first.value as SourceRecord];
    for (let next = await reader.next(); next.done !== true; next = await reader.next()) {
      records.push(next.value);
    }

    expect(records).toEqual(inOrder(WORK_ROWS, WORK_KEY_ORDER));
    const after = await readAll(openSource({ loaded }), workRef);
    expect(after.map((record) => record.pzInsKey)).toContain('ACME-CS-WORK Z-1');
    expect(after.map((record) => record.pyID)).not.toContain('W-17');
  });

  it('ends the transaction when the consumer stops early', async () => {
    const loaded = await loadHandDataset();
    const work = `${pg.escapeIdentifier(loaded.schemaNames.data!)}.pc_acme_cs_work`;

    let firstRecord: SourceRecord | undefined;
    for await (const record of openSource({ loaded, pageSize: 2 }).read(workRef)) {
      firstRecord = record;
      break;
    }
    expect(firstRecord?.pyID).toBe('S-1001');

    // On PGlite this write would wait forever behind a transaction left open.
    await client.query(`DELETE FROM ${work} WHERE pyid = 'S-1001'`);
    const open = await client.query(
      "SELECT count(*)::int AS open FROM pg_stat_activity WHERE application_name = 'pmap' AND datname = current_database() AND state LIKE 'idle in transaction%'",
    );
    expect(open.rows[0].open).toBe(0);
  });

  it('renders PostgreSQL types as Pega text', async () => {
    const data = pg.escapeIdentifier(`${db.schemaPrefix}data`);
    await client.query(`CREATE SCHEMA ${data}`);
    await client.query(`CREATE TABLE ${data}.pc_drift (
      pzinskey varchar(255) PRIMARY KEY, note varchar(10), amount numeric(10,4), ratio float8, flag boolean,
      stamptz timestamptz, dayasdatetime date, stampasdate timestamp, fine timestamp, datetext varchar(32), money varchar(20))`);
    await client.query(`INSERT INTO ${data}.pc_drift VALUES
      ('D-1', '', 1.5, 1e20, true, '2024-03-31 02:30:00+02', '2024-03-31', '2024-03-31 23:59:59.999', '2024-02-29 23:59:59.999999', '20231015', '12.50'),
      ('D-2', 'x', -0.0001, 1.5e-7, false, NULL, NULL, NULL, '0999-01-02 03:04:05', '', NULL)`);
    const driftSchema: PegaSchema = {
      pegaSchema: 1,
      tables: {
        'data.pc_drift': {
          className: 'ACME-CS-Work',
          columns: {
            pzInsKey: text('pzinskey', 255, false),
            Note: text('note', 10),
            Amount: { column: 'amount', type: 'decimal', nullable: true },
            Ratio: { column: 'ratio', type: 'decimal', nullable: true },
            Flag: { column: 'flag', type: 'truefalse', nullable: true },
            StampTz: { column: 'stamptz', type: 'datetime', nullable: true },
            DayAsDateTime: { column: 'dayasdatetime', type: 'datetime', nullable: true },
            StampAsDate: { column: 'stampasdate', type: 'date', nullable: true },
            Fine: { column: 'fine', type: 'datetime', nullable: true },
            DateText: { column: 'datetext', type: 'date', nullable: true },
            Money: { column: 'money', type: 'decimal', nullable: true },
          },
        },
      },
    };
    // The session time zone must not leak into timestamptz values.
    const url = new URL(db.connectionString);
    url.searchParams.set('options', '-c TimeZone=America/New_York');

    const records = await readAll(openSource({ schema: driftSchema, connectionString: url.toString() }), {
      table: 'data.pc_drift',
      key: ['pzInsKey'],
    });

    expect(records).toEqual([
      {
        pzInsKey: 'D-1',
        Note: null,
        Amount: '1.5',
        Ratio: '100000000000000000000',
        Flag: 'true',
        StampTz: '20240331T003000.000 GMT',
        DayAsDateTime: '20240331T000000.000 GMT',
        StampAsDate: '20240331',
        Fine: '20240229T235959.999 GMT',
        DateText: '20231015',
        Money: '12.50',
      },
      {
        pzInsKey: 'D-2',
        Note: 'x',
        Amount: '-0.0001',
        Ratio: '0.00000015',
        Flag: 'false',
        StampTz: null,
        DayAsDateTime: null,
        StampAsDate: null,
        Fine: '09990102T030405.000 GMT',
        DateText: null,
        Money: null,
      },
    ]);
  });

  it('rejects a timestamp without Pega form', async () => {
    const loaded = await loadHandDataset();
    const work = `${pg.escapeIdentifier(loaded.schemaNames.data!)}.pc_acme_cs_work`;
    await client.query(`UPDATE ${work} SET pxupdatedatetime = 'infinity' WHERE pyid = 'W-17'`);

    const error = await readError(openSource({ loaded }), workRef);

    expect(error.kind).toBe('invalid-value');
    expect(error.message).toContain('column "pxupdatedatetime" (property pxUpdateDateTime)');
    expect(error.message).toContain('key (ACME-CS-WORK W-17)');
    expect(error.message).toContain("timestamp 'infinity'");
  });

  it('reports a missing table', async () => {
    const loaded = await loadHandDataset();
    const schema: PegaSchema = { pegaSchema: 1, tables: { ...HAND_SCHEMA.tables, 'data.pc_acme_missing_work': HAND_SCHEMA.tables[WORK]! } };

    const error = await readError(openSource({ loaded, schema }), { table: 'data.pc_acme_missing_work', key: ['pzInsKey'] });

    expect(error.kind).toBe('table-not-found');
    expect(error.message).toContain('pc_acme_missing_work');
    expect(error.message).toContain('re-run discovery or fix the schema');
  });

  it('reports a missing schema', async () => {
    await loadHandDataset();

    const error = await readError(openSource({ schemaNames: { data: `${db.schemaPrefix}pegadata` } }), workRef);

    expect(error.kind).toBe('schema-not-found');
    expect(error.message).toContain(`schema "${db.schemaPrefix}pegadata"`);
    expect(error.message).toContain('(data.pc_acme_cs_work in schemas/pega.json)');
  });

  it('reports a missing column', async () => {
    const loaded = await loadHandDataset();
    const workTable = HAND_SCHEMA.tables[WORK]!;
    const schema: PegaSchema = {
      pegaSchema: 1,
      tables: {
        [WORK]: {
          ...workTable,
          columns: {
            ...workTable.columns,
            pyResolvedUserID: text('pyresolveduserid', 128),
            pyStatusWork: text('pyStatusWork', 32),
          },
        },
      },
    };

    const error = await readError(openSource({ loaded, schema }), workRef);

    expect(error.kind).toBe('column-not-found');
    expect(error.message).toContain('"pyresolveduserid" (property pyResolvedUserID)');
    expect(error.message).toContain('"pyStatusWork" (property pyStatusWork, but "pystatuswork" does: column names are case-sensitive)');
    expect(error.message).toContain(`for ${loaded.schemaNames.data}.pc_acme_cs_work`);
    expect(error.message).toContain('re-run discovery or fix the schema');
  });

  it('rejects a table not in the schema', async () => {
    const error = await readError(openSource(), { table: 'data.pc_unknown_work', key: ['pzInsKey'] });

    expect(error.kind).toBe('unknown-table');
    expect(error.message).toContain('data.pc_unknown_work is not in schemas/pega.json');
  });

  it('rejects a key property not in the schema', async () => {
    const error = await readError(openSource(), { table: WORK, key: ['pyCaseID'] });

    expect(error.kind).toBe('unknown-key');
    expect(error.message).toContain('key property pyCaseID');
  });

  it('rejects a NULL in the key', async () => {
    const loaded = await loadHandDataset();

    const error = await readError(openSource({ loaded }), { table: WORK, key: ['pyStatusWork'] });

    expect(error.kind).toBe('null-key');
    expect(error.message).toContain('key column "pystatuswork" (property pyStatusWork)');
  });

  it('rejects a duplicate key within a page', async () => {
    const loaded = await loadHandDataset();

    const error = await readError(openSource({ loaded }), { table: WORK, key: ['pxCreateDateTime'] });

    expect(error.kind).toBe('duplicate-key');
    expect(error.message).toContain('key (pxCreateDateTime) = (2020-10-16 03:23:00) occurs more than once');
  });

  it('rejects a duplicate key across pages', async () => {
    const loaded = await loadHandDataset();

    // With one row per page, the duplicates meet only across a page boundary.
    const error = await readError(openSource({ loaded, pageSize: 1 }), { table: WORK, key: ['pxCreateDateTime'] });

    expect(error.kind).toBe('duplicate-key');
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const source = openSource({ connectionString: `postgres://pmap:sekret-pw@127.0.0.1:${port}/pega` });

    const error = await readError(source, workRef);

    expect(error.kind).toBe('connection-refused');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain('sekret-pw');
  });

  it('reports a connect timeout', async () => {
    // A server that accepts connections and never responds to the startup message.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const source = openSource({ connectionString: `postgres://pmap:sekret-pw@127.0.0.1:${port}/pega`, connectTimeoutMs: 200 });

      const error = await readError(source, workRef);

      expect(error.kind).toBe('connect-timeout');
      expect(error.message).toContain(`127.0.0.1:${port}`);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reports bad credentials', async (context) => {
    if (!db.features.checksLogins) {
      console.warn(`skipped bad-credentials test on ${backend}: it lets every user in as postgres`);
      context.skip();
    }
    // With trust authentication the server still rejects a role that does not exist.
    const source = openSource({ connectionString: withUser(db.connectionString, 'pmap_no_such_user', 'sekret-pw') });

    const error = await readError(source, workRef);

    expect(error.kind).toBe('authentication-failed');
    expect(error.message).toContain('rejected user "pmap_no_such_user"');
    expect(error.message).not.toContain('sekret-pw');
  });

  it('reports a missing database', async (context) => {
    if (!db.features.checksLogins) {
      console.warn(`skipped missing-database test on ${backend}: it connects every client to database postgres`);
      context.skip();
    }
    const url = new URL(db.connectionString);
    url.pathname = '/pmap_no_such_database';

    const error = await readError(openSource({ connectionString: url.toString() }), workRef);

    expect(error.kind).toBe('database-not-found');
    expect(error.message).toContain('database "pmap_no_such_database"');
  });

  it('applies the statement timeout', async (context) => {
    if (!db.features.statementTimeout) {
      console.warn(`skipped statement-timeout test on ${backend}: it does not enforce statement_timeout`);
      context.skip();
    }
    const data = pg.escapeIdentifier(`${db.schemaPrefix}data`);
    await client.query(`CREATE SCHEMA ${data}`);
    // Reading this view takes 30 s per row, far beyond the 100 ms timeout.
    await client.query(`CREATE VIEW ${data}.pc_slow_work AS SELECT 'K-1'::varchar AS pzinskey, pg_sleep(30)::text AS nap`);
    const schema: PegaSchema = {
      pegaSchema: 1,
      tables: { 'data.pc_slow_work': { className: 'ACME-CS-Work', columns: { pzInsKey: text('pzinskey', 255, false), Nap: text('nap', 10) } } },
    };

    const error = await readError(openSource({ schema, statementTimeoutMs: 100 }), { table: 'data.pc_slow_work', key: ['pzInsKey'] });

    expect(error.kind).toBe('statement-timeout');
    expect(error.message).toContain('statement timeout of 100 ms');
  });

  it('rejects invalid options', () => {
    expect(() => openSource({ pageSize: 0 })).toThrow(PegaSourceError);
    expect(() => openSource({ statementTimeoutMs: -1 })).toThrow('statementTimeoutMs must be an integer of at least 0, got -1');
  });

  it('rejects a read after close', async () => {
    const source = openSource();
    await source.close();

    const error = await readError(source, workRef);

    expect(error.kind).toBe('closed');
  });

  it('reads the demo dataset exactly', async () => {
    const dataset = generateDemoDataset({ seed: 1 });
    const rowCount = Object.values(dataset.tables).reduce((total, rows) => total + rows.length, 0);
    expect(Object.keys(dataset.tables).length).toBeGreaterThan(0);
    expect(rowCount).toBeGreaterThan(97);
    const keys = demoKeys(dataset);
    const loaded = await loadDatasetIntoPostgres(client, dataset, { schemaPrefix: db.schemaPrefix, keys });
    const source = openSource({ loaded, schema: dataset.schema, pageSize: 97 });

    for (const [table, rows] of Object.entries(dataset.tables)) {
      const records = await readAll(source, { table, key: keys[table]! });

      expect(records, table).toEqual(rows);
    }
  });
});

/** Returns key properties per table: from the fixtures' DEMO_TABLES where they list the table, else its first column. */
function demoKeys(dataset: PegaDatasetToLoad): Record<string, readonly string[]> {
  const keys: Record<string, readonly string[]> = {};
  for (const [table, definition] of Object.entries(dataset.schema.tables)) {
    keys[table] = DEMO_TABLES.find((entry) => entry.table === table)?.key ?? Object.keys(definition.columns).slice(0, 1);
  }
  return keys;
}

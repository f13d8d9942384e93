import { afterEach, describe, expect, it } from 'vitest';

import { openSource } from '../../cli/open-source.js';
import { UserError } from '../../cli/user-error.js';
import type { ProjectInputs } from '../../compiler/load-project.js';

import type { PegaColumn, PegaSchema } from '../../runtime/schema-types.js';
import { PegaDxError, PegaDxSource, type PegaDxSourceOptions } from '../../runtime/sources/pega-dx.js';
import type { SourceRecord, SourceTableRef } from '../../runtime/sources/source.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { CASE_TABLE, CONTACT_TABLE } from '../fixtures/demo-schema.js';
import { startPegaDxServer, type PegaDxServer, type PegaDxServerOptions } from '../support/pega-dx-server.js';

const WORK = 'data.pc_acme_cs_work';
const HISTORY = 'data.pc_history_acme_cs_work';
const BIG = 'data.pc_big_work';

const text = (column: string): PegaColumn => ({ column, type: 'text', nullable: true });

const HAND_SCHEMA: PegaSchema = {
  pegaSchema: 1,
  tables: {
    [WORK]: {
      className: 'ACME-CS-Work-Service',
      columns: {
        pzInsKey: text('pzinskey'),
        pyID: text('pyid'),
        pyDescription: text('pydescription'),
        pxUrgencyWork: { column: 'pxurgencywork', type: 'integer', nullable: true },
        AmountDue: { column: 'amountdue', type: 'decimal', nullable: true },
        pxCreateDateTime: { column: 'pxcreatedatetime', type: 'datetime', nullable: false },
        DueDate: { column: 'duedate', type: 'date', nullable: true },
        IsEscalated: { column: 'isescalated', type: 'truefalse', nullable: true },
      },
    },
    [HISTORY]: {
      className: 'History-ACME-CS-Work-Service',
      columns: {
        pzInsKey: text('pzinskey'),
        pxHistoryForReference: text('pxhistoryforreference'),
        pxTimeCreated: { column: 'pxtimecreated', type: 'datetime', nullable: false },
        pyMessageKey: text('pymessagekey'),
        pyMemo: text('pymemo'),
      },
    },
    [BIG]: {
      className: 'ACME-Big-Work',
      columns: { pyID: text('pyid'), Sequence: { column: 'sequence', type: 'integer', nullable: false } },
    },
  },
};

function work(id: string, values: Partial<Record<string, string | null>> = {}): SourceRecord {
  return {
    pzInsKey: `ACME-CS-WORK ${id}`,
    pyID: id,
    pyDescription: null,
    pxUrgencyWork: null,
    AmountDue: null,
    pxCreateDateTime: '20201016T032300.000 GMT',
    DueDate: null,
    IsEscalated: null,
    ...values,
  };
}

// Listed out of key order on purpose: the v1 mock serves rows in reverse list order.
const WORK_ROWS: SourceRecord[] = [
  work('S-2', { pyDescription: 'Müller & Søn – 東京 ✓\r\nline two', pxUrgencyWork: '-12', AmountDue: '-0.001', DueDate: '20240229', IsEscalated: 'false' }),
  work('S-10', { pxUrgencyWork: '0', AmountDue: '1234.5', pxCreateDateTime: '19991231T235959.999 GMT', IsEscalated: 'true' }),
  work('S-1', { pyDescription: '  stray spaces  ', AmountDue: '0' }),
];
const WORK_KEY_ORDER = ['S-1', 'S-10', 'S-2'];

function history(caseId: string, time: string, message: string): SourceRecord {
  return {
    pzInsKey: `HISTORY-ACME-CS-WORK ACME-CS-WORK ${caseId}!${time}`,
    pxHistoryForReference: `ACME-CS-WORK ${caseId}`,
    pxTimeCreated: time,
    pyMessageKey: message,
    pyMemo: null,
  };
}

const HISTORY_ROWS: SourceRecord[] = [
  history('S-2', '20240102T090000.000 GMT', 'HistoryWork!ASSIGNED'),
  history('S-1', '20240101T080000.000 GMT', 'HistoryWork!CREATED'),
  history('S-1', '20240103T100000.000 GMT', 'HistoryWork!RESOLVED'),
  history('S-10', '20240101T120000.000 GMT', 'HistoryWork!CREATED'),
];

const BIG_ROWS: SourceRecord[] = Array.from({ length: 12_345 }, (_, index) => ({ pyID: `B-${String(index).padStart(6, '0')}`, Sequence: String(index) }));

const workRef: SourceTableRef = { table: WORK, className: 'ACME-CS-Work-Service', key: ['pyID'] };
const historyRef: SourceTableRef = { table: HISTORY, className: 'History-ACME-CS-Work-Service', key: ['pzInsKey'] };
const bigRef: SourceTableRef = { table: BIG, key: ['pyID'] };

const SERVER_OPTIONS: PegaDxServerOptions = {
  schema: HAND_SCHEMA,
  tables: { [WORK]: WORK_ROWS, [HISTORY]: HISTORY_ROWS, [BIG]: BIG_ROWS },
  dataViews: { D_ServiceCaseList: WORK, D_BigList: BIG },
  histories: { D_pyWorkHistory: HISTORY },
};

let server: PegaDxServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(overrides: Partial<PegaDxServerOptions> = {}): Promise<PegaDxServer> {
  server = await startPegaDxServer({ ...SERVER_OPTIONS, ...overrides });
  return server;
}

function source(url: string, overrides: Partial<PegaDxSourceOptions> = {}): PegaDxSource {
  return new PegaDxSource({
    url,
    api: 'v2',
    clientId: 'pmap-client',
    clientSecret: 'pmap-secret',
    clientIdVariable: 'PMAP_PEGA_CLIENT_ID',
    clientSecretVariable: 'PMAP_PEGA_CLIENT_SECRET',
    schema: HAND_SCHEMA,
    dataViews: {
      [WORK]: 'D_ServiceCaseList',
      [BIG]: 'D_BigList',
      [HISTORY]: { dataView: 'D_pyWorkHistory', historyOf: WORK },
    },
    retryDelayMs: 1,
    ...overrides,
  });
}

async function readAll(connector: PegaDxSource, table: SourceTableRef): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of connector.read(table)) records.push(record);
  return records;
}

async function readError(connector: PegaDxSource, table: SourceTableRef): Promise<PegaDxError> {
  try {
    await readAll(connector, table);
  } catch (error) {
    if (error instanceof PegaDxError) return error;
    throw error;
  }
  throw new Error(`reading ${table.table} succeeded, but a PegaDxError was expected`);
}

function inKeyOrder(rows: readonly SourceRecord[], order: readonly string[]): SourceRecord[] {
  return order.map((id) => rows.find((row) => row.pyID === id)!);
}

describe('PegaDxSource over DX API v2 data views', () => {
  it('yields Pega text in key order', async () => {
    const mock = await start();
    const records = await readAll(source(mock.url), workRef);

    expect(records).toEqual(inKeyOrder(WORK_ROWS, WORK_KEY_ORDER));
  });

  it('selects the schema properties and sorts by the key', async () => {
    const mock = await start();
    await readAll(source(mock.url, { pageSize: 2 }), workRef);

    const calls = mock.requests.filter((request) => request.path.includes('/data_views/'));
    expect(calls.map((call) => call.path)).toEqual(['/prweb/api/application/v2/data_views/D_ServiceCaseList', '/prweb/api/application/v2/data_views/D_ServiceCaseList']);
    expect(calls[0]!.body).toEqual({
      query: {
        select: Object.keys(HAND_SCHEMA.tables[WORK]!.columns).map((field) => ({ field })),
        sortBy: [{ field: 'pyID', type: 'ASC' }],
      },
      paging: { pageNumber: 1, pageSize: 2 },
    });
    expect((calls[1]!.body as { paging: unknown }).paging).toEqual({ pageNumber: 2, pageSize: 2 });
  });

  it('pages past the 5,000-row cap', async () => {
    const mock = await start();
    const records = await readAll(source(mock.url, { pageSize: 5000 }), bigRef);

    expect(records).toHaveLength(12_345);
    expect(records.map((record) => record.pyID)).toEqual(BIG_ROWS.map((row) => row.pyID));
    expect(records[12_344]).toEqual({ pyID: 'B-012344', Sequence: '12344' });
    const pages = mock.requests.filter((request) => request.path.endsWith('/D_BigList')).map((request) => (request.body as { paging: { pageNumber: number } }).paging.pageNumber);
    expect(pages).toEqual([1, 2, 3]);
  });

  it('finds the data view by class name', async () => {
    const mock = await start();
    const connector = source(mock.url, { dataViews: { 'ACME-CS-Work-Service': 'D_ServiceCaseList' } });
    const records = await readAll(connector, workRef);

    expect(records.map((record) => record.pyID)).toEqual(WORK_KEY_ORDER);
  });

  it('reads the case history per case in key order', async () => {
    const mock = await start();
    const records = await readAll(source(mock.url), historyRef);

    expect(records.map((record) => record.pzInsKey)).toEqual([...HISTORY_ROWS.map((row) => row.pzInsKey!)].sort());
    expect(records[0]).toEqual(HISTORY_ROWS[1]);
    const historyCalls = mock.requests.filter((request) => request.path.endsWith('/D_pyWorkHistory'));
    expect(historyCalls.map((call) => call.body)).toEqual([
      { dataViewParameters: { CaseInstanceKey: 'ACME-CS-WORK S-1' } },
      { dataViewParameters: { CaseInstanceKey: 'ACME-CS-WORK S-10' } },
      { dataViewParameters: { CaseInstanceKey: 'ACME-CS-WORK S-2' } },
    ]);
  });

  it('rejects a partial case history', async () => {
    const mock = await start({ rowCap: 1 });
    const error = await readError(source(mock.url), historyRef);

    expect(error.kind).toBe('incomplete-history');
    expect(error.message).toContain('data view D_pyWorkHistory (table data.pc_history_acme_cs_work) returned only part of the history of case ACME-CS-WORK S-1');
  });

  it('stops when the eTag changes between pages', async () => {
    const mock = await start();
    const connector = source(mock.url, { pageSize: 1000 });
    const records: SourceRecord[] = [];
    let error: unknown;
    try {
      for await (const record of connector.read(bigRef)) {
        records.push(record);
        if (records.length === 1) mock.changeData();
      }
    } catch (caught) {
      error = caught;
    }

    expect(records).toHaveLength(1000);
    expect(error).toBeInstanceOf(PegaDxError);
    expect((error as PegaDxError).kind).toBe('data-changed');
    expect((error as PegaDxError).message).toContain('the rows of data view D_BigList changed while pmap read its pages (eTag "1" on page 1, "2" on page 2)');
  });
});

describe('PegaDxSource over DX API v1 data pages', () => {
  it('sorts a data page by key and converts strings', async () => {
    const mock = await start();
    const records = await readAll(source(mock.url, { api: 'v1' }), workRef);

    expect(records).toEqual(inKeyOrder(WORK_ROWS, WORK_KEY_ORDER));
    expect(mock.requests.filter((request) => request.path.startsWith('/prweb/api/v1/')).map((request) => request.path)).toEqual(['/prweb/api/v1/data/D_ServiceCaseList']);
  });

  it('sorts an integer key by value', async () => {
    const mock = await start({ tables: { [BIG]: BIG_ROWS.slice(0, 20) } });
    const records = await readAll(source(mock.url, { api: 'v1' }), { table: BIG, key: ['Sequence'] });

    // Text order would put 10 to 19 before 2.
    expect(records.slice(0, 4).map((record) => record.Sequence)).toEqual(['0', '1', '2', '3']);
  });

  it('rejects a data page cut at 5,000 rows', async () => {
    const mock = await start();
    const error = await readError(source(mock.url, { api: 'v1' }), bigRef);

    expect(error.kind).toBe('row-limit');
    expect(error.message).toContain("data page D_BigList (table data.pc_big_work) returned 5000 rows, Pega's limit for one data page call");
    expect(error.message).toContain('set source.api to v2');
  });

  it('reads the case history with query parameters', async () => {
    const mock = await start();
    const records = await readAll(source(mock.url, { api: 'v1' }), historyRef);

    expect(records.map((record) => record.pzInsKey)).toEqual([...HISTORY_ROWS.map((row) => row.pzInsKey!)].sort());
    expect(mock.requests.map((request) => request.path)).toContain('/prweb/api/v1/data/D_pyWorkHistory?CaseInstanceKey=ACME-CS-WORK+S-10');
  });
});

describe('PegaDxSource authentication', () => {
  it('reuses one token for several reads', async () => {
    const mock = await start();
    const connector = source(mock.url);
    await readAll(connector, workRef);
    await readAll(connector, workRef);

    expect(mock.tokensIssued()).toBe(1);
    const tokenCall = mock.requests.find((request) => request.path === '/prweb/PRRestService/oauth2/v1/token')!;
    expect(tokenCall.body).toEqual({ grant_type: 'client_credentials' });
  });

  it('fetches a new token once after 401', async () => {
    const mock = await start();
    const connector = source(mock.url, { pageSize: 2 });
    const records: SourceRecord[] = [];
    for await (const record of connector.read(workRef)) {
      records.push(record);
      if (records.length === 1) mock.revokeTokens();
    }

    expect(records.map((record) => record.pyID)).toEqual(WORK_KEY_ORDER);
    expect(mock.tokensIssued()).toBe(2);
  });

  it('names the client id variable on bad credentials', async () => {
    const mock = await start();
    const error = await readError(source(mock.url, { clientSecret: 'wrong-secret-value' }), workRef);

    expect(error.kind).toBe('authentication-failed');
    expect(error.message).toBe(
      "Pega's token endpoint /prweb/PRRestService/oauth2/v1/token rejected the OAuth 2.0 client credentials " +
        '(HTTP 401: invalid_client: Client authentication failed); check the client id in PMAP_PEGA_CLIENT_ID and the secret in ' +
        'PMAP_PEGA_CLIENT_SECRET against the OAuth 2.0 client registration in Pega (grant type client credentials)',
    );
    expect(error.message).not.toContain('wrong-secret-value');
  });

  it('fails when a new token is rejected too', async () => {
    const mock = await start();
    mock.injectFault({ match: (request) => request.path.includes('/data_views/'), status: 401, times: 2 });
    const error = await readError(source(mock.url), workRef);

    expect(error.kind).toBe('authentication-failed');
    expect(error.message).toContain('Pega returned HTTP 401 for /prweb/api/application/v2/data_views/D_ServiceCaseList');
    expect(error.message).toContain('PMAP_PEGA_CLIENT_ID');
    expect(mock.tokensIssued()).toBe(2);
  });
});

describe('PegaDxSource errors', () => {
  const dataViewCalls = (request: { path: string }) => request.path.includes('/data_views/');

  it('names the data view on 403', async () => {
    const mock = await start();
    mock.injectFault({ match: dataViewCalls, status: 403, message: 'Insufficient privileges to access D_ServiceCaseList' });
    const error = await readError(source(mock.url), workRef);

    expect(error.kind).toBe('access-denied');
    expect(error.message).toBe(
      'Pega returned HTTP 403 for /prweb/api/application/v2/data_views/D_ServiceCaseList: Insufficient privileges to access D_ServiceCaseList; ' +
        'the operator of the OAuth 2.0 client in PMAP_PEGA_CLIENT_ID may not read data view D_ServiceCaseList; ' +
        "add the data page to that operator's access group (and give it rule status API when it lives in a built-on layer)",
    );
  });

  it('names an unknown data view on 404', async () => {
    const mock = await start();
    const error = await readError(source(mock.url, { dataViews: { [WORK]: 'D_NoSuchList' } }), workRef);

    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('Pega returned HTTP 404 for /prweb/api/application/v2/data_views/D_NoSuchList: Data view D_NoSuchList not found');
    expect(error.message).toContain('data view D_NoSuchList does not exist; check its name under source.data_views in pmap.yaml');
  });

  it('names a table without a data view', async () => {
    const mock = await start();
    const error = await readError(source(mock.url, { dataViews: {} }), workRef);

    expect(error.kind).toBe('no-data-view');
    expect(error.message).toBe(
      'no data view is given for table data.pc_acme_cs_work (class ACME-CS-Work-Service); add `data.pc_acme_cs_work: D_YourListDataView` under source.data_views in pmap.yaml',
    );
  });

  it('waits for Retry-After on 429', async () => {
    const mock = await start();
    mock.injectFault({ match: dataViewCalls, status: 429, retryAfter: '1' });
    const started = Date.now();
    const records = await readAll(source(mock.url), workRef);

    expect(records.map((record) => record.pyID)).toEqual(WORK_KEY_ORDER);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(mock.requests.filter(dataViewCalls).map((request) => request.status)).toEqual([429, 200]);
  });

  it('retries 503 and gives up on 429 after the retries', async () => {
    const mock = await start();
    mock.injectFault({ match: dataViewCalls, status: 503, retryAfter: '0' });
    mock.injectFault({ match: dataViewCalls, status: 429, retryAfter: '0', times: 3, message: 'Too many requests' });
    const error = await readError(source(mock.url, { retries: 2 }), workRef);

    expect(error.kind).toBe('rate-limited');
    expect(error.message).toContain('Pega returned HTTP 429 Too Many Requests for /prweb/api/application/v2/data_views/D_ServiceCaseList 3 times in a row (Too many requests); run again later');
    expect(mock.requests.filter(dataViewCalls).map((request) => request.status)).toEqual([503, 429, 429]);
  });

  it("includes Pega's message on 500", async () => {
    const mock = await start();
    mock.injectFault({ match: dataViewCalls, status: 500, message: 'Report definition pyDefaultReport failed: ORA-00942' });
    const error = await readError(source(mock.url), workRef);

    expect(error.kind).toBe('server-error');
    expect(error.message).toBe(
      'Pega returned HTTP 500 for /prweb/api/application/v2/data_views/D_ServiceCaseList: Report definition pyDefaultReport failed: ORA-00942; ' +
        'the read of data view D_ServiceCaseList failed inside Pega; look up the error in the Pega log (PegaRULES log) and run again',
    );
  });

  it('includes the v1 error message', async () => {
    const mock = await start();
    mock.injectFault({ match: (request) => request.path.startsWith('/prweb/api/v1/'), status: 500, message: 'Data page D_ServiceCaseList failed to load' });
    const error = await readError(source(mock.url, { api: 'v1' }), workRef);

    expect(error.message).toContain('Pega returned HTTP 500 for /prweb/api/v1/data/D_ServiceCaseList: Pega_API_001: Data page D_ServiceCaseList failed to load');
  });

  it('calls again after a dropped connection', async () => {
    const mock = await start();
    mock.injectFault({ match: dataViewCalls, drop: true });
    const records = await readAll(source(mock.url), workRef);

    expect(records.map((record) => record.pyID)).toEqual(WORK_KEY_ORDER);
  });

  it('reports a connection that keeps dropping', async () => {
    const mock = await start();
    mock.injectFault({ match: dataViewCalls, drop: true, times: 3 });
    const error = await readError(source(mock.url, { retries: 2 }), workRef);

    expect(error.kind).toBe('connection-lost');
    expect(error.message).toContain(`the connection to Pega at ${mock.url} broke before the response of /prweb/api/application/v2/data_views/D_ServiceCaseList arrived`);
  });

  it('reports a refused connection', async () => {
    const mock = await start();
    const url = mock.url;
    await mock.close();
    server = undefined;
    const error = await readError(source(url), workRef);

    expect(error.kind).toBe('connection-refused');
    expect(error.message).toBe(
      `cannot connect to Pega at ${url} to call /prweb/PRRestService/oauth2/v1/token (ECONNREFUSED); check source.url in pmap.yaml and that the server is running`,
    );
  });

  it('reports a response that is not JSON', async () => {
    const mock = await start();
    mock.injectFault({ match: dataViewCalls, invalidJson: true });
    const error = await readError(source(mock.url), workRef);

    expect(error.kind).toBe('invalid-response');
    expect(error.message).toBe(
      'the response of /prweb/api/application/v2/data_views/D_ServiceCaseList is not valid JSON (it starts with "<html><body>Pega login</body></html>"); ' +
        'check that source.url points at the Pega server itself and not at a login page or proxy',
    );
  });

  it('names the property and key of an invalid value', async () => {
    const mock = await start({ tables: { [WORK]: [work('S-1', { IsEscalated: 'maybe' })] } });
    const error = await readError(source(mock.url, { api: 'v1' }), workRef);

    expect(error.kind).toBe('invalid-value');
    expect(error.message).toBe(
      "property IsEscalated (truefalse) of data page D_ServiceCaseList (table data.pc_acme_cs_work), key (\"S-1\"): 'maybe' is not a TrueFalse (expected true or false); " +
        'fix the value in Pega, or correct the type of the property in schemas/pega.json',
    );
  });

  it('rejects a duplicate key', async () => {
    const mock = await start({ tables: { [WORK]: [work('S-1'), work('S-1')] } });
    const error = await readError(source(mock.url), workRef);

    expect(error.kind).toBe('duplicate-key');
    expect(error.message).toContain('key (pyID) = (S-1) occurs more than once in data view D_ServiceCaseList (table data.pc_acme_cs_work)');
  });

  it('fails a read in progress when closed', async () => {
    const mock = await start();
    const connector = source(mock.url, { pageSize: 1 });
    const iterator = connector.read(workRef)[Symbol.asyncIterator]();
    await iterator.next();
    await connector.close();

    await expect(iterator.next()).rejects.toThrow('the DX API source was closed while a read was running, so the table was read only in part');
  });

  it('rejects a page size above the cap', () => {
    expect(() => source('http://127.0.0.1:1', { pageSize: 5001 })).toThrow('pageSize must be an integer from 1 to 5000, got 5001');
  });
});

describe('PegaDxSource on the demo dataset', () => {
  it('gives the records of the dataset', async () => {
    const dataset = generateDemoDataset();
    const mock = await start({ schema: dataset.schema, tables: dataset.tables, dataViews: { D_ServiceCaseList: CASE_TABLE.table, D_ContactList: CONTACT_TABLE.table } });
    for (const api of ['v1', 'v2'] as const) {
      const connector = source(mock.url, {
        api,
        schema: dataset.schema,
        dataViews: { [CASE_TABLE.className]: 'D_ServiceCaseList', [CONTACT_TABLE.table]: 'D_ContactList' },
        pageSize: 100,
      });
      const cases = await readAll(connector, { table: CASE_TABLE.table, className: CASE_TABLE.className, key: CASE_TABLE.key });
      const contacts = await readAll(connector, { table: CONTACT_TABLE.table, key: CONTACT_TABLE.key });

      expect(cases, api).toEqual(dataset.tables[CASE_TABLE.table]);
      expect(contacts, api).toEqual(dataset.tables[CONTACT_TABLE.table]);
    }
  });
});

describe('openSource with kind dx', () => {
  const inputs = {
    directory: '.',
    pegaSchema: HAND_SCHEMA,
    config: {
      source: {
        kind: 'dx',
        url: 'http://127.0.0.1:1',
        api: 'v2',
        clientIdEnv: 'PMAP_PEGA_CLIENT_ID',
        clientSecretEnv: 'PMAP_PEGA_CLIENT_SECRET',
        dataViews: { [WORK]: 'D_ServiceCaseList' },
      },
    },
  } as unknown as ProjectInputs;

  it('names a missing client id variable', () => {
    expect(() => openSource(inputs, { PMAP_PEGA_CLIENT_SECRET: 'set' })).toThrow(
      new UserError(
        'the environment variable PMAP_PEGA_CLIENT_ID is not set; it must contain the OAuth 2.0 client id of the Pega client registration, named by source.client_id_env in pmap.yaml',
      ),
    );
  });

  it('names a missing client secret variable', () => {
    expect(() => openSource(inputs, { PMAP_PEGA_CLIENT_ID: 'set' })).toThrow('the environment variable PMAP_PEGA_CLIENT_SECRET is not set');
  });

  it('reads through the configured data views', async () => {
    const mock = await start();
    const connector = openSource({ ...inputs, config: { ...inputs.config, source: { ...inputs.config.source, url: mock.url } } }, {
      PMAP_PEGA_CLIENT_ID: 'pmap-client',
      PMAP_PEGA_CLIENT_SECRET: 'pmap-secret',
    });
    const records: SourceRecord[] = [];
    for await (const record of connector.read(workRef)) records.push(record);
    await connector.close();

    expect(records.map((record) => record.pyID)).toEqual(WORK_KEY_ORDER);
  });
});

/**
 * A mock Pega DX API server on 127.0.0.1 for connector tests. It serves a
 * dataset given in Pega text form (like `generateDemoDataset()`) in the
 * response shapes of Pega's DX API:
 *
 * - `POST /prweb/PRRestService/oauth2/v1/token`: OAuth 2.0 client credentials
 *   (Basic auth, `grant_type=client_credentials`) →
 *   `{ access_token, token_type: "Bearer", expires_in }`.
 * - `POST /prweb/api/application/v2/data_views/{id}`: v2 list data view with
 *   `query.select`, `query.sortBy`, `paging { pageNumber, pageSize }` or
 *   `maxResultsToFetch`, returning `{ fetchDateTime, pxObjClass:
 *   "Pega-API-DataExploration-Data", resultCount, data, hasMoreResults,
 *   queryStats, pageSize, pageNumber }` with an `ETag` of the data's version.
 *   Values are JSON numbers and booleans, ISO 8601 DateTimes, null when empty.
 * - `GET /prweb/api/v1/data/{id}?param=value`: v1 list data page returning
 *   `{ pxObjClass: "Code-Pega-List", pxResults, pxResultCount, pxMore }` with
 *   every value a string, "" when empty, in the data page's own order (not by key).
 * - History data views take `CaseInstanceKey` and return that case's rows,
 *   newest first, without paging.
 *
 * Tests inject faults (HTTP statuses with Retry-After, Pega error bodies,
 * dropped connections, invalid JSON), revoke tokens and change the data.
 */

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { PegaColumnType, PegaSchema } from '../../runtime/schema-types.js';
import type { SourceRecord } from '../../runtime/sources/source.js';

export interface PegaDxServerOptions {
  readonly schema: PegaSchema;
  /** Rows per table, values in Pega text form. */
  readonly tables: Readonly<Record<string, readonly SourceRecord[]>>;
  /** Table served by each data view (v2) or data page (v1). */
  readonly dataViews: Readonly<Record<string, string>>;
  /** History data views: name → history table, whose rows point at their case by pxHistoryForReference. */
  readonly histories?: Readonly<Record<string, string>>;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly tokenLifetimeSeconds?: number;
  /** Maximum rows one unpaged call returns. Default 5000, Pega's cap. */
  readonly rowCap?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
}

/** A fault for the next matching requests. */
export interface PegaDxFault {
  /** Which requests it hits; default every request. */
  readonly match?: (request: { path: string; body: unknown }) => boolean;
  /** How many requests it hits. Default 1. */
  times?: number;
  readonly status?: number;
  readonly retryAfter?: string;
  /** Pega's error text, sent in the v1 or v2 error shape. */
  readonly message?: string;
  /** Close the socket without a response. */
  readonly drop?: boolean;
  /** Respond 200 with an HTML page. */
  readonly invalidJson?: boolean;
}

export interface PegaDxServer {
  /** Server URL without context root, for example `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Number of access tokens issued. */
  tokensIssued(): number;
  injectFault(fault: PegaDxFault): void;
  /** Makes every issued token invalid, as a token revocation or expiry does. */
  revokeTokens(): void;
  /** Bumps the data's version, so later data view pages carry a new eTag. */
  changeData(): void;
  close(): Promise<void>;
}

const CONTEXT_ROOT = '/prweb';
const TOKEN_PATH = `${CONTEXT_ROOT}/PRRestService/oauth2/v1/token`;
const V2_DATA_VIEWS = `${CONTEXT_ROOT}/api/application/v2/data_views/`;
const V1_DATA = `${CONTEXT_ROOT}/api/v1/data/`;

export async function startPegaDxServer(options: PegaDxServerOptions): Promise<PegaDxServer> {
  const clientId = options.clientId ?? 'pmap-client';
  const clientSecret = options.clientSecret ?? 'pmap-secret';
  const rowCap = options.rowCap ?? 5000;
  const tokens = new Set<string>();
  const faults: PegaDxFault[] = [];
  const requests: RecordedRequest[] = [];
  let issued = 0;
  let version = 1;

  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const path = request.url ?? '/';
      const body = parseBody(text, request.headers['content-type']);
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
        requests.push({ method: request.method ?? '', path, body, status });
        const encoded = typeof payload === 'string' ? payload : JSON.stringify(payload);
        response.writeHead(status, { 'Content-Type': typeof payload === 'string' ? 'text/html' : 'application/json', ...headers });
        response.end(encoded);
      };

      const fault = takeFault(faults, path, body);
      if (fault !== undefined) {
        if (fault.drop) {
          requests.push({ method: request.method ?? '', path, body, status: 0 });
          request.socket.destroy();
          return;
        }
        if (fault.invalidJson) return reply(200, '<html><body>Pega login</body></html>');
        const status = fault.status ?? 500;
        return reply(status, errorBody(path, status, fault.message ?? 'Internal error'), fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {});
      }

      if (path === TOKEN_PATH && request.method === 'POST') {
        return handleToken(request, body, reply);
      }

      const authorization = request.headers.authorization ?? '';
      if (!authorization.startsWith('Bearer ') || !tokens.has(authorization.slice('Bearer '.length))) {
        return reply(401, '', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      }

      if (path.startsWith(V2_DATA_VIEWS) && request.method === 'POST') {
        const id = decodeURIComponent(path.slice(V2_DATA_VIEWS.length));
        return handleDataView(id, body as DataViewRequest, reply);
      }
      if (path.startsWith(V1_DATA) && request.method === 'GET') {
        const url = new URL(path, 'http://127.0.0.1');
        const id = decodeURIComponent(url.pathname.slice(V1_DATA.length));
        return handleDataPage(id, Object.fromEntries(url.searchParams), reply);
      }
      return reply(404, errorBody(path, 404, `No resource at ${path}`));
    });
  });

  type Reply = (status: number, payload: unknown, headers?: Record<string, string>) => void;

  function handleToken(request: IncomingMessage, body: unknown, reply: Reply): void {
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const [id, secret] = Buffer.from(basic ?? '', 'base64').toString('utf8').split(':').map((part) => decodeURIComponent(part));
    if ((body as Record<string, string>).grant_type !== 'client_credentials') {
      return reply(400, { error: 'unsupported_grant_type', error_description: 'Only client_credentials is registered' });
    }
    if (id !== clientId || secret !== clientSecret) {
      return reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    }
    issued += 1;
    const token = `token-${issued}-${Math.random().toString(36).slice(2)}`;
    tokens.add(token);
    return reply(200, { access_token: token, token_type: 'Bearer', expires_in: options.tokenLifetimeSeconds ?? 3600 });
  }

  function handleDataView(id: string, request: DataViewRequest, reply: Reply): void {
    const parameters = request.dataViewParameters ?? {};
    const source = rowsFor(id, parameters);
    if (source === undefined) return reply(404, errorBody(V2_DATA_VIEWS, 404, `Data view ${id} not found`));
    if (typeof source === 'string') return reply(400, errorBody(V2_DATA_VIEWS, 400, source));
    const { table, rows, history } = source;
    const types = columnTypes(options.schema, table);

    const paging = request.paging ?? {};
    if (paging.maxResultsToFetch !== undefined && (paging.pageNumber !== undefined || paging.pageSize !== undefined)) {
      return reply(400, errorBody(V2_DATA_VIEWS, 400, 'maxResultsToFetch cannot be combined with pageNumber or pageSize'));
    }
    if ((paging.pageSize ?? 0) > 5000 || (paging.maxResultsToFetch ?? 0) > 5000) {
      return reply(400, errorBody(V2_DATA_VIEWS, 400, 'pageSize and maxResultsToFetch must not exceed 5000'));
    }

    const select = request.query?.select?.map((entry) => entry.field) ?? Object.keys(types);
    const unknown = select.find((field) => !(field in types));
    if (unknown !== undefined) return reply(400, errorBody(V2_DATA_VIEWS, 400, `Field ${unknown} is not a field of data view ${id}`));

    const sorted = [...rows];
    const sortBy = request.query?.sortBy ?? [];
    if (sortBy.length > 0) sorted.sort((left, right) => compareRows(left, right, sortBy, types));

    let page: SourceRecord[];
    let hasMoreResults: boolean;
    const paged = paging.pageNumber !== undefined || paging.pageSize !== undefined;
    if (paged && !history) {
      const pageSize = paging.pageSize ?? 100;
      const start = ((paging.pageNumber ?? 1) - 1) * pageSize;
      page = sorted.slice(start, start + pageSize);
      hasMoreResults = start + pageSize < sorted.length;
    } else {
      const limit = Math.min(paging.maxResultsToFetch ?? rowCap, rowCap);
      page = sorted.slice(0, limit);
      hasMoreResults = sorted.length > limit;
    }

    const data = page.map((row) => Object.fromEntries(select.map((field) => [field, v2Value(row[field] ?? null, types[field]!)])));
    return reply(
      200,
      {
        fetchDateTime: new Date().toISOString(),
        pxObjClass: 'Pega-API-DataExploration-Data',
        resultCount: data.length,
        data,
        hasMoreResults,
        queryStats: { pxObjClass: 'Embed-DataExploration-QueryStats', sourceType: 'RDBMS', sourceExecutionTime: '927.3 μs' },
        pageSize: paged ? paging.pageSize ?? 100 : data.length,
        ...(paged && !history ? { pageNumber: paging.pageNumber ?? 1 } : {}),
      },
      { ETag: `"${version}"` },
    );
  }

  function handleDataPage(id: string, parameters: Record<string, string>, reply: Reply): void {
    const source = rowsFor(id, parameters);
    if (source === undefined) return reply(404, errorBody(V1_DATA, 404, `Data page ${id} not found`));
    if (typeof source === 'string') return reply(400, errorBody(V1_DATA, 400, source));
    const types = columnTypes(options.schema, source.table);

    // A data page keeps its source's order, here the reverse of the key order, so the connector must sort.
    const rows = [...source.rows].reverse().slice(0, rowCap);
    const pxResults = rows.map((row) => Object.fromEntries(Object.keys(types).map((field) => [field, v1Value(row[field] ?? null, types[field]!)])));
    return reply(200, {
      pxObjClass: 'Code-Pega-List',
      pxResults,
      pxResultCount: String(pxResults.length),
      pxMore: String(source.rows.length > rowCap),
      pxQueryTimeStamp: '20251127T133041.605 GMT',
    });
  }

  /** Rows a data view serves: its table, or for a history data view the rows of one case, newest first. */
  function rowsFor(id: string, parameters: Record<string, string>): { table: string; rows: readonly SourceRecord[]; history: boolean } | string | undefined {
    const historyTable = options.histories?.[id];
    if (historyTable !== undefined) {
      const caseKey = parameters.CaseInstanceKey;
      if (caseKey === undefined) return `Data view ${id} needs the parameter CaseInstanceKey`;
      const rows = (options.tables[historyTable] ?? []).filter((row) => row.pxHistoryForReference === caseKey);
      const newestFirst = [...rows].sort((left, right) => ((left.pxTimeCreated ?? '') < (right.pxTimeCreated ?? '') ? 1 : -1));
      return { table: historyTable, rows: newestFirst, history: true };
    }
    const table = options.dataViews[id];
    if (table === undefined) return undefined;
    return { table, rows: options.tables[table] ?? [], history: false };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tokensIssued: () => issued,
    injectFault: (fault) => faults.push({ ...fault, times: fault.times ?? 1 }),
    revokeTokens: () => tokens.clear(),
    changeData: () => {
      version += 1;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface DataViewRequest {
  dataViewParameters?: Record<string, string>;
  query?: { select?: Array<{ field: string }>; sortBy?: Array<{ field: string; type?: 'ASC' | 'DESC' }> };
  paging?: { pageNumber?: number; pageSize?: number; maxResultsToFetch?: number };
}

function takeFault(faults: PegaDxFault[], path: string, body: unknown): PegaDxFault | undefined {
  const index = faults.findIndex((fault) => (fault.times ?? 0) > 0 && (fault.match?.({ path, body }) ?? true));
  if (index === -1) return undefined;
  const fault = faults[index]!;
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times === 0) faults.splice(index, 1);
  return fault;
}

/** Builds an error body in the shape of the API the path belongs to. */
function errorBody(path: string, status: number, message: string): unknown {
  if (path.startsWith(TOKEN_PATH)) return { error: 'server_error', error_description: message };
  if (path.startsWith(V1_DATA)) {
    return { pxObjClass: 'Pega-API-Error', errors: [{ ID: status === 404 ? 'Pega_API_003' : 'Pega_API_001', message, pxObjClass: 'Pega-API-Error' }] };
  }
  let classification = 'Invalid inputs';
  if (status === 404) classification = 'Resource not found';
  if (status >= 500) classification = 'Internal server error';
  return { errorClassification: classification, localizedValue: classification, errorDetails: [{ message, localizedValue: message, messageParameters: [] }] };
}

function columnTypes(schema: PegaSchema, table: string): Record<string, PegaColumnType> {
  const columns = schema.tables[table]?.columns ?? {};
  return Object.fromEntries(Object.entries(columns).map(([property, column]) => [property, column.type]));
}

function compareRows(left: SourceRecord, right: SourceRecord, sortBy: ReadonlyArray<{ field: string; type?: string }>, types: Record<string, PegaColumnType>): number {
  for (const { field, type } of sortBy) {
    const a = left[field] ?? '';
    const b = right[field] ?? '';
    if (a === b) continue;
    const numeric = types[field] === 'integer' || types[field] === 'decimal';
    let order = a < b ? -1 : 1;
    if (numeric) order = Number(a) - Number(b);
    return type === 'DESC' ? -order : order;
  }
  return 0;
}

/** Pega text → DX API v2 JSON: numbers, booleans, ISO 8601, null. */
function v2Value(text: string | null, type: PegaColumnType): unknown {
  if (text === null) return null;
  switch (type) {
    case 'integer':
    case 'decimal':
      return Number(text);
    case 'truefalse':
      return text === 'true';
    case 'datetime':
      return isoDateTime(text);
    case 'date':
      return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
    default:
      return text;
  }
}

/** Pega text → DX API v1 JSON: every value a string, "" when empty. */
function v1Value(text: string | null, type: PegaColumnType): string {
  if (text === null) return '';
  if (type === 'datetime') return isoDateTime(text);
  if (type === 'date') return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  return text;
}

function isoDateTime(text: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3}) GMT$/.exec(text);
  if (match === null) throw new Error(`mock Pega server: '${text}' is not a Pega DateTime`);
  const [, year, month, day, hour, minute, second, milliseconds] = match;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.${milliseconds}Z`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return {};
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}


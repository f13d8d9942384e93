/**
 * Source connector for Pega's DX API: each spec table or class is read
 * through a data view (API v2) or a list data page (API v1), authenticated
 * with an OAuth 2.0 client-credentials token. Records carry the properties
 * of the table in `schemas/pega.json`, in Pega's text form, in key order.
 *
 * - v2 reads page through the data view sorted by the key, any number of rows,
 *   `pageSize` rows per call (at most 5,000, Pega's cap), holding one page.
 * - v1 data pages do not page: one call returns the whole list, at most 5,000
 *   rows. A read that Pega cut short (pxMore "true", or exactly 5,000 rows)
 *   fails with a 'row-limit' error instead of loading part of the table.
 * - A case history table (`historyOf`) reads the history data page once per
 *   case of the case table, since it takes the case key as a parameter and
 *   does not page.
 */

import type { PegaSchema, PegaTable } from '../schema-types.js';
import { PegaDxError } from './pega-dx-errors.js';
import { PegaDxHttp } from './pega-dx-http.js';
import { dataViewPages, PEGA_ROW_CAP, unpagedRows } from './pega-dx-pages.js';
import { checkKey, compareKeys, keyOf, recordShape, sortByKey, toRecord, type RecordShape } from './pega-dx-records.js';
import type { SourceConnector, SourceRecord, SourceTableRef, SourceValue } from './source.js';

export { PegaDxError } from './pega-dx-errors.js';

/** The data view or data page that one spec table or class is read from. */
export interface PegaDxDataView {
  /** Data view (v2) or data page (v1) name, for example `D_ServiceCaseList`. */
  readonly dataView: string;
  /** Data view parameters, sent with every call. */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Table or class of the cases whose history this data view returns. The
   * data view is then called once per case, with parameter `CaseInstanceKey`
   * set to the case's pzInsKey, as Pega's `D_pyWorkHistory` expects.
   */
  readonly historyOf?: string;
}

export interface PegaDxSourceOptions {
  /** Pega server URL; its path is the context root, `/prweb` when it has none. */
  readonly url: string;
  readonly api: 'v1' | 'v2';
  readonly clientId: string;
  readonly clientSecret: string;
  /** Names of the environment variables holding the credentials, for messages. */
  readonly clientIdVariable?: string;
  readonly clientSecretVariable?: string;
  /** Contents of `schemas/pega.json`: which properties each table has, and their types. */
  readonly schema: PegaSchema;
  /** Data view per table or class name, for example `{ 'data.pc_acme_cs_work': 'D_ServiceCaseList' }`. */
  readonly dataViews: Readonly<Record<string, string | PegaDxDataView>>;
  /** Rows per data view page (v2). Default 1000, at most 5000. */
  readonly pageSize?: number;
  /** Calls after the first one on HTTP 429 or 503 or a dropped connection. Default 5. */
  readonly retries?: number;
  /** First backoff delay when Pega sends no Retry-After, in ms. Default 500. */
  readonly retryDelayMs?: number;
  /** Maximum wait before one retry, in ms. Default 60000. */
  readonly maxRetryDelayMs?: number;
  /** Maximum time one call may take, in ms. Default 120000. */
  readonly timeoutMs?: number;
}

const HISTORY_CASE_PARAMETER = 'CaseInstanceKey';

interface ResolvedRead {
  readonly view: PegaDxDataView;
  readonly shape: RecordShape;
}

export class PegaDxSource implements SourceConnector {
  private readonly http: PegaDxHttp;
  private readonly api: 'v1' | 'v2';
  private readonly schema: PegaSchema;
  private readonly dataViews: Readonly<Record<string, string | PegaDxDataView>>;
  private readonly pageSize: number;
  private closed = false;

  constructor(options: PegaDxSourceOptions) {
    this.api = options.api;
    this.schema = options.schema;
    this.dataViews = options.dataViews;
    this.pageSize = checkInteger('pageSize', options.pageSize ?? 1000, 1, PEGA_ROW_CAP);
    this.http = new PegaDxHttp({
      contextRoot: contextRoot(options.url),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      clientIdVariable: options.clientIdVariable ?? 'the client id variable',
      clientSecretVariable: options.clientSecretVariable ?? 'the client secret variable',
      retries: checkInteger('retries', options.retries ?? 5, 0, 100),
      baseDelayMs: checkInteger('retryDelayMs', options.retryDelayMs ?? 500, 0, 3_600_000),
      maxDelayMs: checkInteger('maxRetryDelayMs', options.maxRetryDelayMs ?? 60_000, 0, 3_600_000),
      timeoutMs: checkInteger('timeoutMs', options.timeoutMs ?? 120_000, 1, 3_600_000),
    });
  }

  async *read(table: SourceTableRef): AsyncGenerator<SourceRecord> {
    if (this.closed) throw new PegaDxError('closed', `cannot read ${table.table}: the DX API source is closed`);
    const read = this.resolve(table);

    if (read.view.historyOf !== undefined) {
      yield* this.readHistory(read, read.view.historyOf);
    } else if (this.api === 'v2') {
      yield* this.readDataView(read);
    } else {
      yield* this.readDataPage(read);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.http.close();
  }

  private resolve(table: SourceTableRef): ResolvedRead {
    const pegaTable = this.schema.tables[table.table];
    if (pegaTable === undefined) {
      throw new PegaDxError('unknown-table', `table ${table.table} is not in schemas/pega.json; re-run discovery or fix the table name in the mapping`);
    }
    if (table.key.length === 0) {
      throw new PegaDxError('unknown-key', `no key given for table ${table.table}; name its key properties in the mapping`);
    }
    for (const property of table.key) {
      if (pegaTable.columns[property] === undefined) {
        throw new PegaDxError('unknown-key', `key property ${property} is not a property of ${table.table} in schemas/pega.json; fix the key in the mapping or re-run discovery`);
      }
    }

    const view = this.viewFor(table.table, table.className);
    if (view === undefined) {
      const named = table.className ? `table ${table.table} (class ${table.className})` : `table ${table.table}`;
      throw new PegaDxError(
        'no-data-view',
        `no data view is given for ${named}; add \`${table.table}: D_YourListDataView\` under source.data_views in pmap.yaml`,
      );
    }

    const kind = this.api === 'v1' ? 'data page' : 'data view';
    return { view, shape: recordShape(pegaTable, table.key, `${kind} ${view.dataView} (table ${table.table})`) };
  }

  private viewFor(table: string, className: string | undefined): PegaDxDataView | undefined {
    const entry = this.dataViews[table] ?? (className === undefined ? undefined : this.dataViews[className]);
    return typeof entry === 'string' ? { dataView: entry } : entry;
  }

  private async *readDataView(read: ResolvedRead): AsyncGenerator<SourceRecord> {
    let previous: readonly SourceValue[] | undefined;
    const pages = dataViewPages(this.http, {
      dataView: read.view.dataView,
      parameters: read.view.parameters ?? {},
      select: read.shape.properties.map(([property]) => property),
      sortBy: read.shape.key,
      pageSize: this.pageSize,
    });
    for await (const rows of pages) {
      for (const row of rows) {
        const record = toRecord(read.shape, row);
        const key = keyOf(read.shape, record);
        checkKey(read.shape, key, previous);
        previous = key;
        yield record;
      }
    }
  }

  /**
   * Reads a v1 list data page in one call and sorts it by key.
   *
   * NOTE: all rows of the data page are held in memory (at most 5,000, Pega's
   * cap), because a v1 data page returns its rows in the data page's own
   * order, whole, and cannot sort by a key the caller chooses.
   */
  private async *readDataPage(read: ResolvedRead): AsyncGenerator<SourceRecord> {
    const result = await unpagedRows(this.http, 'v1', read.view.dataView, read.view.parameters ?? {});
    if (result.truncated || result.rows.length >= PEGA_ROW_CAP) {
      throw new PegaDxError(
        'row-limit',
        `${read.shape.label} returned ${result.rows.length} rows, Pega's limit for one data page call, so rows may be missing; ` +
          'set source.api to v2 in pmap.yaml, since v2 data views page past the limit (they work for v1 applications too), ' +
          'or split the table over data pages with parameters',
      );
    }
    yield* this.checkedRecords(read.shape, sortByKey(read.shape, result.rows.map((row) => toRecord(read.shape, row))));
  }

  /**
   * Reads a case history table: the case keys first, sorted, then the
   * history of each case, sorted by key. The history data page does not
   * page, and one that reports more results than it returned fails the read.
   *
   * NOTE: the keys of all cases are held in memory (not their rows), and the
   * records come out in key order only when the history key starts with the
   * case key, as the history pzInsKey (`HISTORY-<class> <case pzInsKey>!<time>`)
   * or (pxHistoryForReference, pxTimeCreated) do. Any other key fails with a
   * 'key-order' error.
   */
  private async *readHistory(read: ResolvedRead, historyOf: string): AsyncGenerator<SourceRecord> {
    const caseKeys = await this.readCaseKeys(historyOf, read);
    let previous: readonly SourceValue[] | undefined;

    for (const caseKey of caseKeys) {
      const result = await unpagedRows(this.http, this.api, read.view.dataView, { ...read.view.parameters, [HISTORY_CASE_PARAMETER]: caseKey });
      if (result.truncated) {
        throw new PegaDxError(
          'incomplete-history',
          `${read.shape.label} returned only part of the history of case ${caseKey} (it reports more results); ` +
            'the history data page does not page, so ask the Pega administrators to raise its row limit, or read the history table through BIX or PostgreSQL',
        );
      }

      const records = sortByKey(read.shape, result.rows.map((row) => toRecord(read.shape, row)));
      for (const record of records) {
        const key = keyOf(read.shape, record);
        if (previous !== undefined && compareKeys(read.shape, key, previous) < 0) {
          throw new PegaDxError(
            'key-order',
            `the history of case ${caseKey} in ${read.shape.label} sorts before the history of an earlier case by key (${read.shape.key.join(', ')}); ` +
              'key the history table by pzInsKey, or by pxHistoryForReference first, in the mapping',
          );
        }
        checkKey(read.shape, key, previous);
        previous = key;
        yield record;
      }
    }
  }

  /** Reads the pzInsKey of every case of the table or class a history table belongs to, sorted. */
  private async readCaseKeys(historyOf: string, history: ResolvedRead): Promise<string[]> {
    const caseTable = this.schema.tables[historyOf] ?? Object.values(this.schema.tables).find((table) => table.className === historyOf);
    const caseTableName = this.schema.tables[historyOf] ? historyOf : Object.keys(this.schema.tables).find((name) => this.schema.tables[name] === caseTable);
    if (caseTable === undefined || caseTableName === undefined) {
      throw new PegaDxError('unknown-table', `the cases of ${history.shape.label} are in ${historyOf}, which is not a table or class in schemas/pega.json; fix history_of in pmap.yaml`);
    }
    if (caseTable.columns.pzInsKey === undefined) {
      throw new PegaDxError('unknown-key', `table ${caseTableName} has no pzInsKey property in schemas/pega.json, and the history data page needs it as ${HISTORY_CASE_PARAMETER}`);
    }

    const caseRef: SourceTableRef = { table: caseTableName, className: caseTable.className, key: ['pzInsKey'] };
    const view = this.viewFor(caseRef.table, caseRef.className);
    if (view === undefined || view.historyOf !== undefined) {
      throw new PegaDxError('no-data-view', `the cases of ${history.shape.label} need a data view for ${caseTableName}; add it under source.data_views in pmap.yaml`);
    }

    const keysOnly: PegaTable = { className: caseTable.className, columns: { pzInsKey: caseTable.columns.pzInsKey } };
    const read: ResolvedRead = { view, shape: recordShape(keysOnly, ['pzInsKey'], `data view ${view.dataView} (table ${caseTableName})`) };
    const keys: string[] = [];
    const records = this.api === 'v2' ? this.readDataView(read) : this.readDataPage(read);
    for await (const record of records) keys.push(record.pzInsKey!);
    return keys.sort(compareCodeUnits);
  }

  private *checkedRecords(shape: RecordShape, records: readonly SourceRecord[]): Generator<SourceRecord> {
    let previous: readonly SourceValue[] | undefined;
    for (const record of records) {
      const key = keyOf(shape, record);
      checkKey(shape, key, previous);
      previous = key;
      yield record;
    }
  }
}

/** Returns the URL of Pega's web application: the URL's own path, or `/prweb` when it has none. */
export function contextRoot(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PegaDxError('invalid-option', `source.url ${JSON.stringify(url)} is not a URL; write it as https://pega.example.com`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new PegaDxError('invalid-option', `source.url ${JSON.stringify(url)} must start with http:// or https://`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.origin}${path === '' ? '/prweb' : path}`;
}

function compareCodeUnits(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

function checkInteger(name: string, value: number, minimum: number, maximum: number): number {
  if (!Number.isSafeInteger(value) || value < minimum || value > maximum) {
    throw new PegaDxError('invalid-option', `${name} must be an integer from ${minimum} to ${maximum}, got ${value}`);
  }
  return value;
}

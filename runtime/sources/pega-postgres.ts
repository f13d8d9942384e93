import pg from 'pg';
import { connectionProblem, postgresErrorCode, type ServerLabel } from '../postgres-errors.js';

import type { PegaColumnType, PegaSchema } from '../schema-types.js';
import { pegaTextConverter, type PegaTextConverter } from './pega-text.js';
import { copyQueryRows, type CopyRow } from './postgres-copy.js';
import type { SourceConnector, SourceRecord, SourceTableRef, SourceValue } from './source.js';

const DEFAULT_PAGE_SIZE = 1000;
const DEFAULT_STATEMENT_TIMEOUT_MS = 300_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface PegaPostgresSourceOptions {
  /** Connection URL, for example `postgres://pmap@pega-db.example.com:5432/pega`. */
  readonly connectionString: string;
  /** Contents of `schemas/pega.json`: which tables and columns to read. */
  readonly schema: PegaSchema;
  /** Maximum run time of one statement (one page), in ms. 0 disables it. Default 300000. */
  readonly statementTimeoutMs?: number;
  /** Rows fetched per statement. Default 1000. */
  readonly pageSize?: number;
  /**
   * PostgreSQL schema that contains the tables of each schema named in `schemas/pega.json`, for
   * example `{ data: 'pegadata' }`. A schema not listed is read under its own name.
   */
  readonly schemaNames?: Readonly<Record<string, string>>;
  /** Maximum time to establish a connection, in ms. Default 10000. */
  readonly connectTimeoutMs?: number;
}

export type PegaSourceErrorKind =
  | 'invalid-option'
  | 'closed'
  | 'unknown-table'
  | 'unknown-key'
  | 'connection-refused'
  | 'host-not-found'
  | 'connect-timeout'
  | 'connection-lost'
  | 'authentication-failed'
  | 'database-not-found'
  | 'schema-not-found'
  | 'table-not-found'
  | 'column-not-found'
  | 'permission-denied'
  | 'statement-timeout'
  | 'null-key'
  | 'duplicate-key'
  | 'invalid-value'
  | 'query-failed';

/**
 * A failure to read a Pega table from PostgreSQL. The message names the table,
 * column or server involved (never the password) and what to do about it.
 */
export class PegaSourceError extends Error {
  override readonly name = 'PegaSourceError';

  constructor(
    readonly kind: PegaSourceErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

interface SelectedColumn {
  readonly property: string;
  readonly column: string;
  readonly pegaType: PegaColumnType;
}

/** Table, columns and key of one `read`, resolved from `schemas/pega.json` before connecting. */
interface ReadPlan {
  /** Table name as in `schemas/pega.json`. */
  readonly pegaTable: string;
  /** PostgreSQL schema after the schema-name mapping, or undefined for an unqualified name. */
  readonly schemaName: string | undefined;
  readonly tableName: string;
  /** Quoted relation name for SQL. */
  readonly relation: string;
  /** Table name for messages, followed by the `schemas/pega.json` name when the mapping changed it. */
  readonly label: string;
  readonly columns: readonly SelectedColumn[];
  /** Positions of the key columns in `columns`, in key order. */
  readonly keyPositions: readonly number[];
  /** Delta filter: the timestamp column and the UTC timestamp rows must reach. */
  readonly since?: { readonly column: string; readonly from: string };
}


type RawRow = readonly (string | null)[];

/**
 * Streams Pega tables from PostgreSQL in key order, as records keyed by Pega
 * property name with values in Pega's text form (what a BIX XML extract of the
 * same rows contains).
 *
 * Each `read` uses its own connection and one read-only REPEATABLE READ
 * transaction, so all pages come from one snapshot. Pages are fetched by keyset
 * (`WHERE (k1, k2) >= (...) ORDER BY k1, k2 LIMIT n`), which makes any key a
 * checkpoint. The key must be unique and without NULLs; a read fails on a row
 * that breaks either rule instead of skipping rows. Each page is read with
 * `COPY (SELECT ...) TO STDOUT`, whose text format gives every column as
 * PostgreSQL's text output, so no value passes through a JavaScript Date
 * (which would apply the local time zone) or a float.
 *
 * NOTE: the transaction stays open until the consumer has taken the last row,
 * which holds back vacuum on the source database for that long, and a server
 * `idle_in_transaction_session_timeout` shorter than the consumer's pause
 * between pages ends the read.
 */
export class PegaPostgresSource implements SourceConnector {
  private readonly connectionString: string;
  private readonly schema: PegaSchema;
  private readonly statementTimeoutMs: number;
  private readonly pageSize: number;
  private readonly connectTimeoutMs: number;
  private readonly schemaNames: Readonly<Record<string, string>>;
  private readonly openClients = new Set<pg.Client>();
  private closed = false;

  constructor(options: PegaPostgresSourceOptions) {
    this.connectionString = options.connectionString;
    this.schema = options.schema;
    this.statementTimeoutMs = checkInteger('statementTimeoutMs', options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS, 0);
    this.pageSize = checkInteger('pageSize', options.pageSize ?? DEFAULT_PAGE_SIZE, 1);
    this.connectTimeoutMs = checkInteger('connectTimeoutMs', options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, 1);
    this.schemaNames = options.schemaNames ?? {};
  }

  async *read(table: SourceTableRef): AsyncGenerator<SourceRecord> {
    if (this.closed) {
      throw new PegaSourceError('closed', `cannot read ${table.table}: the PostgreSQL source is closed`);
    }
    const plan = this.planRead(table);

    const { client, server } = this.createClient();
    let connectionError: Error | undefined;
    // A connection that drops between two queries emits 'error' on the client,
    // and without a listener Node would end the process. The next query then
    // fails, and the read reports this error as the cause.
    client.on('error', (error) => {
      connectionError = error;
    });

    this.openClients.add(client);
    let inTransaction = false;
    try {
      await client.connect();

      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      inTransaction = true;
      // Transaction-local settings: pega-text.ts reads ISO dates in UTC, and the
      // last key read goes back into the next page's query, so a float key must print exactly
      // (extra_float_digits 3 does that before PostgreSQL 12 and changes nothing since).
      await client.query({
        text:
          "SELECT set_config('statement_timeout', $1, true), set_config('TimeZone', 'UTC', true), " +
          "set_config('DateStyle', 'ISO, YMD', true), set_config('extra_float_digits', '3', true)",
        values: [String(this.statementTimeoutMs)],
      });

      await checkTableColumns(client, plan, server);

      yield* this.readPages(client, plan);

      await client.query('COMMIT');
      inTransaction = false;
    } catch (error) {
      throw toSourceError(connectionError ?? error, plan, server, this.statementTimeoutMs);
    } finally {
      if (inTransaction) {
        // The consumer stopped early or a query failed. The transaction only
        // read, and ending the connection rolls it back anyway, so a failing
        // ROLLBACK changes nothing.
        await client.query('ROLLBACK').catch(() => undefined);
      }
      this.openClients.delete(client);
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const clients = [...this.openClients];
    this.openClients.clear();
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }

  private planRead(table: SourceTableRef): ReadPlan {
    const pegaTable = this.schema.tables[table.table];
    if (pegaTable === undefined) {
      throw new PegaSourceError(
        'unknown-table',
        `table ${table.table} is not in schemas/pega.json; re-run discovery or fix the table name in the mapping`,
      );
    }

    const columns: SelectedColumn[] = Object.entries(pegaTable.columns).map(([property, column]) => ({
      property,
      column: column.column,
      pegaType: column.type,
    }));

    if (table.key.length === 0) {
      throw new PegaSourceError('unknown-key', `no key given for table ${table.table}; name its key properties in the mapping`);
    }
    const keyPositions = table.key.map((property) => {
      const position = columns.findIndex((column) => column.property === property);
      if (position === -1) {
        throw new PegaSourceError(
          'unknown-key',
          `key property ${property} of table ${table.table} is not among its columns in schemas/pega.json; fix the key in the mapping or re-run discovery`,
        );
      }
      return position;
    });

    const dot = table.table.indexOf('.');
    const pegaSchemaName = dot === -1 ? undefined : table.table.slice(0, dot);
    const tableName = dot === -1 ? table.table : table.table.slice(dot + 1);
    const schemaName = pegaSchemaName === undefined ? undefined : this.schemaNames[pegaSchemaName] ?? pegaSchemaName;

    const relation =
      schemaName === undefined ? pg.escapeIdentifier(tableName) : `${pg.escapeIdentifier(schemaName)}.${pg.escapeIdentifier(tableName)}`;
    const mappedName = schemaName === undefined ? tableName : `${schemaName}.${tableName}`;
    const label = mappedName === table.table ? mappedName : `${mappedName} (${table.table} in schemas/pega.json)`;

    let since: ReadPlan['since'];
    if (table.since) {
      const column = columns.find((candidate) => candidate.property === table.since!.property);
      if (!column) {
        throw new PegaSourceError('unknown-key', `delta column ${table.since.property} of table ${table.table} is not among its columns in schemas/pega.json; re-run discovery`);
      }
      since = { column: column.column, from: table.since.from };
    }

    return { pegaTable: table.table, schemaName, tableName, relation, label, columns, keyPositions, ...(since ? { since } : {}) };
  }

  private createClient(): { client: pg.Client; server: ServerLabel } {
    let client: pg.Client;
    try {
      client = new pg.Client({
        connectionString: this.connectionString,
        connectionTimeoutMillis: this.connectTimeoutMs,
        application_name: 'pmap',
      });
    } catch (error) {
      // The parser's message may quote the string, password included.
      throw new PegaSourceError(
        'invalid-option',
        'the PostgreSQL connection string could not be parsed; write it as postgres://user:password@host:port/database',
        { cause: error },
      );
    }

    const server: ServerLabel = {
      address: client.host.startsWith('/') ? client.host : `${client.host}:${client.port}`,
      database: client.database ?? '',
      user: client.user ?? '',
    };
    return { client, server };
  }

  private async *readPages(client: pg.Client, plan: ReadPlan): AsyncGenerator<SourceRecord> {
    const columnList = plan.columns.map((column) => pg.escapeIdentifier(column.column)).join(', ');
    const keyList = plan.keyPositions.map((position) => pg.escapeIdentifier(plan.columns[position]!.column)).join(', ');

    // COPY reports no column types, so an empty query fetches them once.
    const described = await client.query({ text: `SELECT ${columnList} FROM ${plan.relation} LIMIT 0`, rowMode: 'array' });
    const renderer = createRowRenderer(plan, described.fields.map((field) => field.dataTypeID));

    // COPY takes no parameters, so the watermark and the last key go into the
    // statement as quoted literals. PostgreSQL types them from the column they
    // are compared with, as it would untyped parameters.
    const sinceFilter = plan.since ? `${pg.escapeIdentifier(plan.since.column)} >= ${pg.escapeLiteral(plan.since.from)}::timestamp` : undefined;
    const firstPage =
      `SELECT ${columnList} FROM ${plan.relation}${sinceFilter ? ` WHERE ${sinceFilter}` : ''} ` +
      `ORDER BY ${keyList} LIMIT ${this.pageSize}`;
    // Later pages start at the last key read (>=, not >) and flag the rows equal
    // to it: exactly one such row is the row already yielded, and a second one
    // proves the key is not unique, which a plain > would skip silently.
    // LIMIT is one more than the page size to make up for the row read again.
    const nextPage = (key: RawRow): string => {
      const keyLiterals = key.map((value) => (value === null ? 'NULL' : pg.escapeLiteral(value))).join(', ');
      return (
        `SELECT ${columnList}, (${keyList}) = (${keyLiterals}) FROM ${plan.relation} ` +
        `WHERE (${keyList}) >= (${keyLiterals})${sinceFilter ? ` AND ${sinceFilter}` : ''} ORDER BY ${keyList} LIMIT ${this.pageSize + 1}`
      );
    };

    // The next page is requested as soon as the current one has arrived, before
    // its rows are rendered and handed to the consumer, so that the server
    // prepares one page while pmap works through the other. At most two pages
    // are in memory.
    const fetchPage = (key: RawRow | undefined): Promise<CopyRow[]> => {
      const page = copyQueryRows(client, key === undefined ? firstPage : nextPage(key));
      // Marked as handled, because the consumer may take its time before this
      // page is awaited. The await below still throws the error.
      page.catch(() => undefined);
      return page;
    };

    let pendingPage = fetchPage(undefined);
    let limit = this.pageSize;
    let previousRow: RawRow | undefined;
    for (;;) {
      const rows = await pendingPage;
      const lastPage = rows.length < limit;
      if (!lastPage) {
        pendingPage = fetchPage(keyOf(plan, rows[rows.length - 1]!));
        limit = this.pageSize + 1;
      }

      let boundaryRows = 0;
      for (const row of rows) {
        if (previousRow !== undefined && row[plan.columns.length] === 't') {
          boundaryRows += 1;
          if (boundaryRows > 1) {
            throw duplicateKeyError(plan, keyOf(plan, row));
          }
          continue;
        }

        checkKey(plan, row, previousRow);
        previousRow = row;
        yield renderRecord(plan, renderer, row);
      }

      if (lastPage) {
        return;
      }
    }
  }
}

function checkInteger(name: string, value: number, minimum: number): number {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new PegaSourceError('invalid-option', `${name} must be an integer of at least ${minimum}, got ${value}`);
  }
  return value;
}

/** Throws a PegaSourceError when the table or one of the listed columns is missing. */
async function checkTableColumns(client: pg.Client, plan: ReadPlan, server: ServerLabel): Promise<void> {
  const where = `in database "${server.database}" at ${server.address}`;

  // Looked up in pg_catalog, not information_schema, which hides tables and
  // columns the user has no privilege on. Those must fail as permission errors,
  // not as missing tables.
  const found = await client.query<{ columns: string[] | null }>({
    text:
      'SELECT ARRAY(SELECT attname::text FROM pg_catalog.pg_attribute ' +
      'WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum) AS columns ' +
      'WHERE to_regclass($1) IS NOT NULL',
    values: [plan.relation],
  });
  const existing = found.rows[0]?.columns;

  if (existing === undefined || existing === null) {
    if (plan.schemaName !== undefined) {
      const schema = await client.query({ text: 'SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', values: [plan.schemaName] });
      if (schema.rowCount === 0) {
        throw new PegaSourceError(
          'schema-not-found',
          `schema "${plan.schemaName}" of table ${plan.label} does not exist ${where}; ` +
            'map it to the schema that holds the Pega tables (schemaNames) or re-run discovery',
        );
      }
    }
    throw new PegaSourceError(
      'table-not-found',
      `table ${plan.label} listed in schemas/pega.json does not exist ${where}; re-run discovery or fix the schema`,
    );
  }

  const existingColumns = new Set(existing);
  const missing = plan.columns.filter((column) => !existingColumns.has(column.column));
  if (missing.length === 0) {
    return;
  }

  const descriptions = missing.map((column) => {
    const sameIgnoringCase = existing.find((name) => name.toLowerCase() === column.column.toLowerCase());
    const hint = sameIgnoringCase === undefined ? '' : `, but "${sameIgnoringCase}" does: column names are case-sensitive`;
    return `"${column.column}" (property ${column.property}${hint})`;
  });
  const subject = missing.length === 1 ? `column ${descriptions[0]}` : `columns ${descriptions.join(', ')}`;
  const verb = missing.length === 1 ? 'does' : 'do';
  throw new PegaSourceError(
    'column-not-found',
    `${subject} listed in schemas/pega.json for ${plan.label} ${verb} not exist ${where}; re-run discovery or fix the schema`,
  );
}

/** Throws when a row's key has a NULL or repeats the previous row's key, either of which would break keyset paging. */
function checkKey(plan: ReadPlan, row: RawRow, previousRow: RawRow | undefined): void {
  let sameAsPrevious = previousRow !== undefined;
  for (const position of plan.keyPositions) {
    const value = row[position] ?? null;
    if (value === null) {
      const column = plan.columns[position]!;
      throw new PegaSourceError(
        'null-key',
        `a row of ${plan.label} has NULL in key column "${column.column}" (property ${column.property}), ` +
          'so its rows cannot be read in key order; choose a key without NULLs for this table in the mapping',
      );
    }
    sameAsPrevious &&= value === previousRow![position];
  }

  if (sameAsPrevious) {
    throw duplicateKeyError(plan, keyOf(plan, row));
  }
}

function keyOf(plan: ReadPlan, row: RawRow): RawRow {
  return plan.keyPositions.map((position) => row[position] ?? null);
}

function duplicateKeyError(plan: ReadPlan, key: RawRow): PegaSourceError {
  const properties = plan.keyPositions.map((position) => plan.columns[position]!.property).join(', ');
  return new PegaSourceError(
    'duplicate-key',
    `key (${properties}) = (${key.join(', ')}) occurs more than once in ${plan.label}, ` +
      'so its rows cannot be read in key order; choose a unique key for this table in the mapping',
  );
}

/** The per-column conversions and the record shape of one read, fixed by the types of the columns it reads. */
interface RowRenderer {
  readonly converters: readonly PegaTextConverter[];
  /** Every property set to null, in column order. Records start as copies of it. */
  readonly emptyRecord: Readonly<Record<string, SourceValue>>;
}

function createRowRenderer(plan: ReadPlan, typeOids: readonly number[]): RowRenderer {
  return {
    converters: plan.columns.map((column, index) => pegaTextConverter(typeOids[index]!, column.pegaType)),
    // V8 (Node 20) keeps a copy of an object built in one go in its fast
    // layout. Assigning dozens of properties one by one to {} turns each record
    // into a slower hash table instead.
    emptyRecord: Object.fromEntries(plan.columns.map((column) => [column.property, null])),
  };
}

function renderRecord(plan: ReadPlan, renderer: RowRenderer, row: RawRow): SourceRecord {
  const record: Record<string, SourceValue> = { ...renderer.emptyRecord };
  const { columns } = plan;
  const { converters } = renderer;

  for (let index = 0; index < columns.length; index += 1) {
    const text = row[index];
    if (text === null || text === undefined) {
      continue;
    }

    const column = columns[index]!;
    try {
      record[column.property] = converters[index]!(text);
    } catch (error) {
      if (!(error instanceof RangeError)) {
        throw error;
      }
      throw new PegaSourceError(
        'invalid-value',
        `column "${column.column}" (property ${column.property}) of ${plan.label}, key (${keyOf(plan, row).join(', ')}): ${error.message}; ` +
          'fix the value in the database or remove the column from schemas/pega.json',
        { cause: error },
      );
    }
  }
  return record;
}

/** Converts a pg or socket error to a PegaSourceError whose message names the action to take. */
function toSourceError(error: unknown, plan: ReadPlan, server: ServerLabel, statementTimeoutMs: number): PegaSourceError {
  if (error instanceof PegaSourceError) {
    return error;
  }

  const reason = error instanceof Error ? error.message : String(error);
  const make = (kind: PegaSourceErrorKind, message: string): PegaSourceError => new PegaSourceError(kind, message, { cause: error });

  const problem = connectionProblem(error, server, `reading ${plan.label}`, 'run the read again');
  if (problem) return make(problem.kind, problem.message);

  switch (postgresErrorCode(error)) {
    case '42P01':
      return make('table-not-found', `table ${plan.label} does not exist in database "${server.database}" at ${server.address}: ${reason}; re-run discovery or fix the schema`);
    case '42703':
      return make('column-not-found', `a column listed in schemas/pega.json for ${plan.label} does not exist: ${reason}; re-run discovery or fix the schema`);
    case '42501':
      return make('permission-denied', `user "${server.user}" may not read ${plan.label}: ${reason}; grant it SELECT on the table`);
    case '57014':
      return make(
        'statement-timeout',
        `reading ${plan.label} was canceled by the statement timeout of ${statementTimeoutMs} ms; raise statementTimeoutMs, lower pageSize or index the key columns`,
      );
  }

  return make('query-failed', `reading ${plan.label} from database "${server.database}" at ${server.address} failed: ${reason}`);
}

/**
 * Loads a Pega dataset (schema plus rows in Pega's text form) into PostgreSQL
 * tables shaped like a Pega database, for the PostgreSQL connector's tests and demos.
 *
 * Column types follow what Pega creates on PostgreSQL: Text as `varchar(length)`
 * (or `text` without a length), Integer as `numeric(18,0)`, Decimal as `numeric`,
 * DateTime as `timestamp without time zone` holding GMT, Date as `date`, and
 * TrueFalse as `varchar(5)`. Text-like columns use the "C" collation so that key
 * order is byte order on every server, whatever the database's default collation.
 */
import pg from 'pg';

import { postgresDateFromPega, postgresTimestampFromPega } from '../../runtime/sources/pega-text.js';
import type { PegaColumn, PegaSchema } from '../../runtime/schema-types.js';
import type { SourceRecord, SourceValue } from '../../runtime/sources/source.js';

/** PostgreSQL accepts at most 65535 parameters in one statement. */
const MAX_PARAMETERS = 65_535;
const MAX_ROWS_PER_INSERT = 500;

export interface PegaDatasetToLoad {
  readonly schema: PegaSchema;
  /** Rows per table name of `schema.tables`, values in Pega's text form or null. */
  readonly tables: Readonly<Record<string, readonly SourceRecord[]>>;
}

export interface LoadDatasetOptions {
  /**
   * Prefix for every PostgreSQL schema created, so that `data` becomes for
   * example `t123_data`. Pass the result's `schemaNames` to the connector.
   */
  readonly schemaPrefix?: string;
  /**
   * Key property names per table, which become the primary key. The schema
   * records no keys, so a table not listed here is keyed by its first column.
   */
  readonly keys?: Readonly<Record<string, readonly string[]>>;
}

export interface LoadedDataset {
  /** PostgreSQL schema created for each schema named in the dataset, for the connector's `schemaNames`. */
  readonly schemaNames: Readonly<Record<string, string>>;
  /** Key property names used per table. */
  readonly keys: Readonly<Record<string, readonly string[]>>;
  /** Rows inserted per table. */
  readonly rowCounts: Readonly<Record<string, number>>;
}

/**
 * Creates the schemas and tables of `dataset.schema` and inserts its rows, all
 * in one transaction. Table names must be schema-qualified (`data.pc_work`).
 * A table or schema that already exists makes the load fail.
 */
export async function loadDatasetIntoPostgres(
  target: pg.ClientBase | pg.Pool,
  dataset: PegaDatasetToLoad,
  options: LoadDatasetOptions = {},
): Promise<LoadedDataset> {
  const prefix = options.schemaPrefix ?? '';
  const schemaNames: Record<string, string> = {};
  const keys: Record<string, readonly string[]> = {};
  const rowCounts: Record<string, number> = {};

  const client = target instanceof pg.Pool ? await target.connect() : target;
  try {
    await client.query('BEGIN');

    for (const [tableName, table] of Object.entries(dataset.schema.tables)) {
      const { schema, name } = splitTableName(tableName);
      if (schemaNames[schema] === undefined) {
        schemaNames[schema] = prefix + schema;
        await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(prefix + schema)}`);
      }
      const relation = `${pg.escapeIdentifier(prefix + schema)}.${pg.escapeIdentifier(name)}`;

      const key = options.keys?.[tableName] ?? Object.keys(table.columns).slice(0, 1);
      keys[tableName] = key;
      await client.query(createTableStatement(relation, tableName, table.columns, key));

      const rows = dataset.tables[tableName] ?? [];
      await insertRows(client, relation, tableName, table.columns, rows);
      rowCounts[tableName] = rows.length;
    }

    await client.query('COMMIT');
  } catch (error) {
    // A failed ROLLBACK (a lost connection) must not hide the error that caused it.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    if (target instanceof pg.Pool) {
      (client as pg.PoolClient).release();
    }
  }

  return { schemaNames, keys, rowCounts };
}

function splitTableName(tableName: string): { schema: string; name: string } {
  const dot = tableName.indexOf('.');
  if (dot <= 0 || dot === tableName.length - 1) {
    throw new Error(`table name "${tableName}" is not schema-qualified; name it like data.pc_work`);
  }
  return { schema: tableName.slice(0, dot), name: tableName.slice(dot + 1) };
}

function columnType(column: PegaColumn): string {
  switch (column.type) {
    case 'text':
      return column.length === undefined ? 'text COLLATE "C"' : `varchar(${column.length}) COLLATE "C"`;
    case 'integer':
      return 'numeric(18,0)';
    case 'decimal':
      return 'numeric';
    case 'datetime':
      return 'timestamp without time zone';
    case 'date':
      return 'date';
    case 'truefalse':
      return 'varchar(5) COLLATE "C"';
  }
}

function createTableStatement(
  relation: string,
  tableName: string,
  columns: Readonly<Record<string, PegaColumn>>,
  key: readonly string[],
): string {
  const definitions = Object.values(columns).map((column) => {
    const notNull = column.nullable ? '' : ' NOT NULL';
    return `${pg.escapeIdentifier(column.column)} ${columnType(column)}${notNull}`;
  });

  const keyColumns = key.map((property) => {
    const column = columns[property];
    if (column === undefined) {
      throw new Error(`key property ${property} of ${tableName} is not a column of that table`);
    }
    return pg.escapeIdentifier(column.column);
  });

  return `CREATE TABLE ${relation} (${[...definitions, `PRIMARY KEY (${keyColumns.join(', ')})`].join(', ')})`;
}

/** Converts a Pega text value to the text PostgreSQL parses for the column's type. */
function postgresValue(value: SourceValue, column: PegaColumn): string | null {
  if (value === null) {
    return null;
  }
  switch (column.type) {
    case 'datetime':
      return postgresTimestampFromPega(value);
    case 'date':
      return postgresDateFromPega(value);
    default:
      return value;
  }
}

async function insertRows(
  client: pg.ClientBase,
  relation: string,
  tableName: string,
  columns: Readonly<Record<string, PegaColumn>>,
  rows: readonly SourceRecord[],
): Promise<void> {
  const entries = Object.entries(columns);
  if (entries.length === 0 || rows.length === 0) {
    return;
  }

  const columnList = entries.map(([, column]) => pg.escapeIdentifier(column.column)).join(', ');
  const rowsPerInsert = Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / entries.length));

  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    const batch = rows.slice(start, start + rowsPerInsert);
    const values: (string | null)[] = [];
    const tuples = batch.map((row, offset) => {
      const placeholders = entries.map(([property, column]) => {
        try {
          values.push(postgresValue(row[property] ?? null, column));
        } catch (error) {
          throw new Error(`row ${start + offset + 1} of ${tableName}, property ${property}: ${(error as Error).message}`);
        }
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });

    // Parameters are sent untyped, so PostgreSQL converts each to its column's
    // type with assignment rules: a too long text fails instead of being cut.
    await client.query({ text: `INSERT INTO ${relation} (${columnList}) VALUES ${tuples.join(', ')}`, values });
  }
}

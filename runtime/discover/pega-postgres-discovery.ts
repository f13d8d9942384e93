/**
 * Discovers `schemas/pega.json` from a Pega database on PostgreSQL: tables
 * with their Pega class, columns with Pega types, primary keys, row counts,
 * the values of low-cardinality columns, and relationships from foreign keys
 * and from Pega's implicit pzInsKey references.
 *
 * Everything runs in one read-only REPEATABLE READ transaction, so all
 * numbers come from one snapshot, and every identifier is quoted. The result
 * has no timestamps and a fixed order, so a re-discovery of an unchanged
 * database gives the same file.
 */

import pg from 'pg';

import type { PegaColumn, PegaRelationship, PegaSchema, PegaTable } from '../schema-types.js';
import { holdsOnlyTrueFalse, mapColumnType, TRUE_FALSE_MAX_LENGTH } from './column-types.js';
import { PegaDiscoveryError, toDiscoveryError, type ServerLabel } from './discovery-errors.js';
import { pegaPropertyName } from './pega-property-names.js';
import { findPegaReferences, type ReferenceTable } from './pega-references.js';
import { compareText, existingSchemas, readCatalog, schemasWithTables, type CatalogTable } from './postgres-catalog.js';
import { countRows, distinctValues, mostCommonClass, mostCommonValue, type ProfiledColumn } from './table-profile.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface PegaDiscoveryOptions {
  /** Connection URL, for example `postgres://pmap@pega-db.example.com:5432/pega`. */
  readonly connectionString: string;
  /**
   * PostgreSQL schemas to read. An entry `data` reads schema `data` and names
   * its tables `data.<table>`. An entry `data=pegadata` reads schema `pegadata`
   * and still names them `data.<table>`, the reverse of the connector's
   * `schemaNames`. Default: every schema that contains tables, except
   * PostgreSQL's own.
   */
  readonly schemas?: readonly string[];
  /** Maximum time to establish a connection, in ms. Default 10000. */
  readonly connectTimeoutMs?: number;
}

export interface SchemaSelection {
  /** Schema name used in `schemas/pega.json`. */
  readonly name: string;
  /** PostgreSQL schema read. */
  readonly schema: string;
}

/** Parses `name` and `name=schema` entries; throws PegaDiscoveryError for an empty or repeated one. */
export function parseSchemaSelection(entries: readonly string[]): SchemaSelection[] {
  const selections = entries.map((entry): SchemaSelection => {
    const equals = entry.indexOf('=');
    const name = equals === -1 ? entry : entry.slice(0, equals);
    const schema = equals === -1 ? entry : entry.slice(equals + 1);
    if (name === '' || schema === '' || name.includes('.')) {
      throw new PegaDiscoveryError('invalid-option', `schema entry "${entry}" is invalid; write a schema name such as data, or name=schema such as data=pegadata (the name may not contain a dot)`);
    }
    return { name, schema };
  });
  for (const [index, selection] of selections.entries()) {
    if (selections.findIndex((other) => other.name === selection.name) !== index) {
      throw new PegaDiscoveryError('invalid-option', `schema name "${selection.name}" is given twice; each name in schemas/pega.json must come from one schema`);
    }
  }
  return selections;
}

function createClient(options: PegaDiscoveryOptions): { client: pg.Client; server: ServerLabel } {
  let client: pg.Client;
  try {
    client = new pg.Client({
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      application_name: 'pmap discover',
    });
  } catch (error) {
    // The parser's message may quote the string, password included.
    throw new PegaDiscoveryError('invalid-option', 'the PostgreSQL connection string could not be parsed; write it as postgres://user:password@host:port/database', { cause: error });
  }
  const server: ServerLabel = {
    address: client.host.startsWith('/') ? client.host : `${client.host}:${client.port}`,
    database: client.database ?? '',
    user: client.user ?? '',
  };
  return { client, server };
}

/** Reads the database and returns its `schemas/pega.json` content. */
export async function discoverPegaSchema(options: PegaDiscoveryOptions): Promise<PegaSchema> {
  const requested = options.schemas === undefined ? undefined : parseSchemaSelection(options.schemas);
  const { client, server } = createClient(options);
  let activity = 'connecting';
  let connectionError: Error | undefined;
  // Without a listener, an error between queries would end the process; the next query reports it.
  client.on('error', (error) => {
    connectionError = error;
  });

  try {
    await client.connect();
    activity = 'starting a read-only transaction';
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query("SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true)");

    activity = 'reading the catalog';
    const selections = requested ?? (await schemasWithTables(client)).map((schema) => ({ name: schema, schema }));
    await checkSchemasExist(client, selections, server);
    const catalog = await readCatalog(client, selections.map((selection) => selection.schema));
    if (catalog.length === 0) {
      const names = selections.map((selection) => `"${selection.schema}"`).join(', ') || 'any schema';
      throw new PegaDiscoveryError('no-tables', `no tables found in ${names} of database "${server.database}" at ${server.address}; name the schemas that hold the Pega tables`);
    }

    const nameOf = new Map(selections.map((selection) => [selection.schema, selection.name]));
    const tables: Record<string, PegaTable> = {};
    const referenceTables: ReferenceTable[] = [];
    for (const table of catalog) {
      const key = `${nameOf.get(table.schema)}.${table.name}`;
      activity = `reading table ${table.schema}.${table.name}`;
      const discovered = await discoverTable(client, table);
      tables[key] = discovered.table;
      referenceTables.push({ key, relation: relationOf(table), textColumns: discovered.textColumns, propertyOf: discovered.propertyOf });
    }

    activity = 'reading foreign keys';
    const relationships = foreignKeys(catalog, nameOf, new Map(referenceTables.map((table) => [table.key, table])));
    activity = 'following Pega references';
    relationships.push(...(await findPegaReferences(client, referenceTables)));
    relationships.sort(compareRelationships);

    await client.query('COMMIT');
    return { pegaSchema: 1, tables, relationships };
  } catch (error) {
    throw toDiscoveryError(connectionError ?? error, server, activity);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkSchemasExist(client: pg.ClientBase, selections: readonly SchemaSelection[], server: ServerLabel): Promise<void> {
  const existing = await existingSchemas(client, selections.map((selection) => selection.schema));
  const missing = selections.filter((selection) => !existing.has(selection.schema));
  if (missing.length === 0) return;

  const available = await schemasWithTables(client);
  const names = missing.map((selection) => `"${selection.schema}"`).join(', ');
  const verb = missing.length === 1 ? 'does' : 'do';
  const hint = available.length === 0 ? 'the database has no schema with tables' : `schemas with tables: ${available.join(', ')}`;
  throw new PegaDiscoveryError('schema-not-found', `schema ${names} ${verb} not exist in database "${server.database}" at ${server.address} (${hint}); check the schema names to discover`);
}

function relationOf(table: CatalogTable): string {
  return `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`;
}

interface DiscoveredTable {
  readonly table: PegaTable;
  readonly textColumns: ReadonlySet<string>;
  readonly propertyOf: (column: string) => string;
}

/**
 * Assigns property names. A quoted mixed-case column keeps its name. A
 * lower-case column gets its known Pega spelling, unless another column
 * already has that name, in which case it keeps its own.
 */
function propertyNames(table: CatalogTable): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const column of table.columns) {
    if (column.name !== column.name.toLowerCase()) {
      names.set(column.name, column.name);
      used.add(column.name);
    }
  }
  for (const column of table.columns) {
    if (names.has(column.name)) continue;
    const known = pegaPropertyName(column.name);
    const property = used.has(known) ? column.name : known;
    used.add(property);
    names.set(column.name, property);
  }
  return names;
}

async function discoverTable(client: pg.ClientBase, table: CatalogTable): Promise<DiscoveredTable> {
  const relation = relationOf(table);
  const properties = propertyNames(table);
  const primaryKey = table.constraints.find((constraint) => constraint.kind === 'primary');
  // Without a primary key, a unique constraint over NOT NULL columns identifies rows as well.
  const key = primaryKey ?? table.constraints.find((constraint) =>
    constraint.kind === 'unique' && constraint.columns.every((name) => table.columns.find((column) => column.name === name)?.notNull === true));
  const uniqueColumn = key !== undefined && key.columns.length === 1 ? key.columns[0] : undefined;

  const mapped = table.columns.map((column) => ({ column, mapped: mapColumnType(column) }));
  const profiled: ProfiledColumn[] = mapped
    .filter(({ column, mapped: type }) => type !== undefined && column.name !== uniqueColumn)
    .map(({ column, mapped: type }) => ({ name: column.name, type: type!.type, isText: type!.type === 'text' }));

  const rowCount = await countRows(client, relation);
  // An empty table has no values to list, and no evidence that a varchar(5) contains TrueFalse values.
  const values = rowCount === 0 ? new Map<string, Array<[string | null, number]>>() : await distinctValues(client, relation, profiled);

  const columns: Record<string, PegaColumn> = {};
  const unmappedColumns: Record<string, string> = {};
  for (const { column, mapped: type } of mapped) {
    if (type === undefined) {
      unmappedColumns[column.name] = column.databaseType;
      continue;
    }
    const columnValues = values.get(column.name);
    const isTrueFalse = type.type === 'text' && type.length !== undefined && type.length <= TRUE_FALSE_MAX_LENGTH && columnValues !== undefined && holdsOnlyTrueFalse(columnValues);
    columns[properties.get(column.name)!] = {
      column: column.name,
      type: isTrueFalse ? 'truefalse' : type.type,
      nullable: !column.notNull,
      ...(type.length === undefined ? {} : { length: type.length }),
      databaseType: column.databaseType,
      ...(columnValues === undefined ? {} : { distinctValues: columnValues }),
    };
  }

  let className = table.name;
  if (table.columns.some((column) => column.name === 'pxobjclass')) {
    const classValues = values.get('pxobjclass');
    className = (classValues === undefined ? await mostCommonClass(client, relation) : mostCommonValue(classValues)) ?? table.name;
  }

  const textColumns = new Set(mapped.filter(({ mapped: type }) => type?.type === 'text').map(({ column }) => column.name));
  return {
    table: {
      className,
      columns,
      rowCount,
      ...(key === undefined ? {} : { key: key.columns.map((name) => properties.get(name)!) }),
      ...(Object.keys(unmappedColumns).length === 0 ? {} : { unmappedColumns }),
    },
    textColumns,
    propertyOf: (column) => properties.get(column) ?? column,
  };
}

function foreignKeys(catalog: readonly CatalogTable[], nameOf: ReadonlyMap<string, string>, tables: ReadonlyMap<string, ReferenceTable>): PegaRelationship[] {
  const relationships: PegaRelationship[] = [];
  for (const table of catalog) {
    const from = `${nameOf.get(table.schema)}.${table.name}`;
    for (const constraint of table.constraints) {
      if (constraint.kind !== 'foreign') continue;
      // A foreign key into a schema that was not discovered has no table to point at in the file.
      const referencedName = nameOf.get(constraint.referencedSchema!);
      if (referencedName === undefined) continue;
      const to = `${referencedName}.${constraint.referencedTable}`;
      const target = tables.get(to);
      if (target === undefined) continue;
      relationships.push({
        kind: 'foreign-key',
        from,
        fromColumns: constraint.columns.map((column) => tables.get(from)!.propertyOf(column)),
        to,
        toColumns: constraint.referencedColumns!.map((column) => target.propertyOf(column)),
        constraint: constraint.name,
      });
    }
  }
  return relationships;
}

/** Orders relationships by referencing table and columns, then referenced table and columns, in byte order. */
export function compareRelationships(left: PegaRelationship, right: PegaRelationship): number {
  const sortKey = (relationship: PegaRelationship): string =>
    [relationship.from, relationship.fromColumns.join(','), relationship.to, relationship.toColumns.join(','), relationship.kind].join('\u0000');
  return compareText(sortKey(left), sortKey(right));
}

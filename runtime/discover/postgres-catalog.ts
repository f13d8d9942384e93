/**
 * Reads table, column and constraint definitions of chosen schemas from
 * PostgreSQL's pg_catalog (information_schema hides tables the user cannot
 * read, and has no typmod details).
 */

import type pg from 'pg';

export interface CatalogColumn {
  readonly name: string;
  readonly position: number;
  readonly notNull: boolean;
  /** Type as `format_type` prints it, for example `character varying(32)`. */
  readonly databaseType: string;
  /** Name of the base type (domains resolved), for example `varchar`, `numeric`, `_text` for text[]. */
  readonly baseType: string;
  /** Type modifier: length + 4 for varchar and char, (precision << 16 | scale) + 4 for numeric, -1 for none. */
  readonly typeModifier: number;
}

export interface CatalogConstraint {
  readonly name: string;
  readonly kind: 'primary' | 'unique' | 'foreign';
  /** Column names in constraint order. */
  readonly columns: readonly string[];
  /** Referenced table (foreign keys only). */
  readonly referencedSchema?: string;
  readonly referencedTable?: string;
  readonly referencedColumns?: readonly string[];
}

export interface CatalogTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  readonly constraints: readonly CatalogConstraint[];
}

/** Returns which of `schemas` exist. */
export async function existingSchemas(client: pg.ClientBase, schemas: readonly string[]): Promise<Set<string>> {
  const result = await client.query<{ nspname: string }>({
    text: 'SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])',
    values: [schemas],
  });
  return new Set(result.rows.map((row) => row.nspname));
}

/** Lists user schemas that contain at least one table, sorted by name. */
export async function schemasWithTables(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ nspname: string }>(
    "SELECT DISTINCT n.nspname FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid " +
      "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') " +
      "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY 1",
  );
  return result.rows.map((row) => row.nspname).sort(compareText);
}

/** Reads the tables (plain and partitioned, not partitions) of `schemas` with columns and keys. */
export async function readCatalog(client: pg.ClientBase, schemas: readonly string[]): Promise<CatalogTable[]> {
  const tables = await client.query<{ oid: number; schema: string; name: string }>({
    text:
      'SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name FROM pg_catalog.pg_class c ' +
      'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
      "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1::text[])",
    values: [schemas],
  });
  const oids = tables.rows.map((row) => String(row.oid));

  const columns = await client.query<{ table_oid: string; name: string; position: number; not_null: boolean; database_type: string; base_type: string; type_modifier: number }>({
    text:
      'SELECT a.attrelid::int8::text AS table_oid, a.attname AS name, a.attnum AS position, a.attnotnull AS not_null, ' +
      'format_type(a.atttypid, a.atttypmod) AS database_type, ' +
      "CASE WHEN t.typtype = 'd' THEN b.typname ELSE t.typname END AS base_type, " +
      "CASE WHEN t.typtype = 'd' AND a.atttypmod = -1 THEN t.typtypmod ELSE a.atttypmod END AS type_modifier " +
      'FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid ' +
      'LEFT JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype ' +
      'WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped',
    values: [oids],
  });

  const constraints = await client.query<{ table_oid: string; name: string; kind: string; columns: string[]; referenced_schema: string | null; referenced_table: string | null; referenced_columns: string[] | null }>({
    text:
      'SELECT con.conrelid::int8::text AS table_oid, con.conname AS name, con.contype AS kind, ' +
      '(SELECT array_agg(a.attname::text ORDER BY k.ordinality) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ordinality) ' +
      ' JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns, ' +
      'rn.nspname AS referenced_schema, rc.relname AS referenced_table, ' +
      '(SELECT array_agg(a.attname::text ORDER BY k.ordinality) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ordinality) ' +
      ' JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns ' +
      'FROM pg_catalog.pg_constraint con ' +
      'LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace ' +
      "WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'u', 'f')",
    values: [oids],
  });

  const columnsByTable = groupBy(columns.rows, (row) => row.table_oid);
  const constraintsByTable = groupBy(constraints.rows, (row) => row.table_oid);
  const kinds: Readonly<Record<string, CatalogConstraint['kind']>> = { p: 'primary', u: 'unique', f: 'foreign' };

  return tables.rows
    .map((table): CatalogTable => ({
      schema: table.schema,
      name: table.name,
      columns: (columnsByTable.get(String(table.oid)) ?? [])
        .map((row) => ({ name: row.name, position: row.position, notNull: row.not_null, databaseType: row.database_type, baseType: row.base_type, typeModifier: row.type_modifier }))
        .sort((left, right) => left.position - right.position),
      constraints: (constraintsByTable.get(String(table.oid)) ?? [])
        .map((row) => ({
          name: row.name,
          kind: kinds[row.kind]!,
          columns: row.columns,
          ...(row.kind === 'f'
            ? { referencedSchema: row.referenced_schema!, referencedTable: row.referenced_table!, referencedColumns: row.referenced_columns! }
            : {}),
        }))
        .sort((left, right) => compareText(left.name, right.name)),
    }))
    .sort((left, right) => compareText(`${left.schema}.${left.name}`, `${right.schema}.${right.name}`));
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group === undefined) groups.set(key(row), [row]);
    else group.push(row);
  }
  return groups;
}

/** Orders texts by their UTF-8 bytes, as PostgreSQL's "C" collation does, independent of locale. */
export function compareText(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

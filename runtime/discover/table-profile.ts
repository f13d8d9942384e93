/**
 * Measures a table's data: its row count, the values of low-cardinality
 * columns with their counts, and the most common `pxobjclass`.
 *
 * Counting distinct values over a whole large table is slow, so a first query
 * counts them in the first 10,000 rows only. A column with more than the
 * limit there has more in the table and is dropped. Each remaining column
 * gets one GROUP BY over the whole table with a LIMIT just above the limit.
 * The result is exact whatever rows the first query happened to see.
 */

import pg from 'pg';

import {
  pegaDateFromPostgres, pegaDateTimeFromPostgres, pegaDecimalFromPostgres, pegaTrueFalseFromPostgres,
} from '../sources/pega-text.js';
import type { PegaColumnType } from '../schema-types.js';
import { compareText } from './postgres-catalog.js';

export const MAX_DISTINCT_VALUES = 50;
/** Values longer than this mark a free-text column, whose values discovery does not list. */
export const MAX_DISTINCT_VALUE_LENGTH = 100;
const SAMPLE_ROWS = 10_000;

export interface ProfiledColumn {
  readonly name: string;
  /** The Pega type the catalog suggests, which chooses how values are rendered. */
  readonly type: PegaColumnType;
  /** True for PostgreSQL text types, whose values are kept as stored ('' and spaces included). */
  readonly isText: boolean;
}

// Every value arrives as PostgreSQL's text output, so nothing passes through a JavaScript Date or float.
const RAW_TEXT_TYPES: pg.CustomTypesConfig = {
  getTypeParser: (() => (text: string) => text) as unknown as pg.CustomTypesConfig['getTypeParser'],
};

export async function countRows(client: pg.ClientBase, relation: string): Promise<number> {
  const result = await client.query<{ count: string }>(`SELECT count(*) AS count FROM ${relation}`);
  return Number(result.rows[0]!.count);
}

/** Renders a value of a non-text column in Pega's text form (session TimeZone UTC, DateStyle ISO). */
function renderValue(text: string, column: ProfiledColumn): string {
  if (column.isText) return text;
  switch (column.type) {
    case 'integer':
    case 'decimal':
      return pegaDecimalFromPostgres(text);
    case 'datetime':
      return pegaDateTimeFromPostgres(text);
    case 'date':
      return pegaDateFromPostgres(text);
    case 'truefalse':
      return pegaTrueFalseFromPostgres(text);
    case 'text':
      return text;
  }
}

/**
 * Returns the values and row counts of each column that has at most
 * MAX_DISTINCT_VALUES distinct non-null values, none longer than
 * MAX_DISTINCT_VALUE_LENGTH, sorted by value with null first.
 */
export async function distinctValues(
  client: pg.ClientBase,
  relation: string,
  columns: readonly ProfiledColumn[],
): Promise<Map<string, Array<[string | null, number]>>> {
  const found = new Map<string, Array<[string | null, number]>>();
  if (columns.length === 0) return found;

  const sampleCounts = columns.map((column, index) => `count(DISTINCT ${pg.escapeIdentifier(column.name)}) AS d${index}`).join(', ');
  const sampleList = columns.map((column) => pg.escapeIdentifier(column.name)).join(', ');
  const sample = await client.query<Record<string, string>>(`SELECT ${sampleCounts} FROM (SELECT ${sampleList} FROM ${relation} LIMIT ${SAMPLE_ROWS}) AS sample`);
  const candidates = columns.filter((_, index) => Number(sample.rows[0]![`d${index}`]) <= MAX_DISTINCT_VALUES);

  for (const column of candidates) {
    const name = pg.escapeIdentifier(column.name);
    const result = await client.query<[string | null, string]>({
      text: `SELECT ${name}, count(*) FROM ${relation} GROUP BY ${name} LIMIT ${MAX_DISTINCT_VALUES + 2}`,
      rowMode: 'array',
      types: RAW_TEXT_TYPES,
    });
    const nonNull = result.rows.filter(([value]) => value !== null);
    if (nonNull.length > MAX_DISTINCT_VALUES) continue;
    if (nonNull.some(([value]) => value!.length > MAX_DISTINCT_VALUE_LENGTH)) continue;

    const values: Array<[string | null, number]> = result.rows.map(([value, count]) => [value === null ? null : renderValue(value, column), Number(count)]);
    values.sort(([left], [right]) => compareValues(left, right));
    found.set(column.name, values);
  }
  return found;
}

/** Orders values with null first, then texts in byte order. */
function compareValues(left: string | null, right: string | null): number {
  if (left === null) return right === null ? 0 : -1;
  if (right === null) return 1;
  return compareText(left, right);
}

/** Returns the most common non-null `pxobjclass` value (ties go to the smallest in byte order), or undefined for none. */
export async function mostCommonClass(client: pg.ClientBase, relation: string): Promise<string | undefined> {
  const result = await client.query<{ pxobjclass: string }>(
    `SELECT "pxobjclass" FROM ${relation} WHERE "pxobjclass" IS NOT NULL GROUP BY "pxobjclass" ORDER BY count(*) DESC, "pxobjclass" COLLATE "C" LIMIT 1`,
  );
  return result.rows[0]?.pxobjclass;
}

/** Picks the most common value from already counted values, with the tie rule of mostCommonClass. */
export function mostCommonValue(values: ReadonlyArray<readonly [string | null, number]>): string | undefined {
  let best: readonly [string, number] | undefined;
  for (const [value, count] of values) {
    if (value === null) continue;
    if (best === undefined || count > best[1] || (count === best[1] && compareText(value, best[0]) < 0)) best = [value, count];
  }
  return best?.[0];
}

/**
 * Finds Pega's implicit references: columns that contain another instance's
 * pzInsKey without a foreign key. Assignments (pxRefObjectKey), child cases
 * (pxCoverInsKey), history (pxHistoryForReference) and attachment links
 * (pxLinkedRefFrom) point at work objects. Links also point at attachments
 * (pxLinkedRefTo). A column of one table can point at several work tables
 * (and pr_other), so a reference is reported for each table whose keys at
 * least one row matches, with the number of matching rows.
 */

import pg from 'pg';

import type { PegaRelationship } from '../schema-types.js';

export interface ReferenceTable {
  /** Name in `schemas/pega.json`. */
  readonly key: string;
  /** Quoted relation for SQL. */
  readonly relation: string;
  /** Lower-case names of the table's text columns. */
  readonly textColumns: ReadonlySet<string>;
  readonly propertyOf: (column: string) => string;
}

/** Columns that contain a work object's pzInsKey. */
const WORK_REFERENCE_COLUMNS = ['pxrefobjectkey', 'pxcoverinskey', 'pxhistoryforreference', 'pxlinkedreffrom'];
/** Columns of assignment, history, link and attachment tables, which are never the target of a work reference. */
const REFERRING_ONLY_COLUMNS = ['pxrefobjectkey', 'pxhistoryforreference', 'pxlinkedreffrom', 'pxlinkedrefto'];

function isWorkTarget(table: ReferenceTable): boolean {
  return table.textColumns.has('pzinskey') && REFERRING_ONLY_COLUMNS.every((column) => !table.textColumns.has(column));
}

function isAttachmentTarget(table: ReferenceTable): boolean {
  return table.textColumns.has('pzinskey') && table.textColumns.has('pxrefobjectkey');
}

/** Counts the rows of `source` whose `column` equals a pzinskey of `target`. */
async function matchedRows(client: pg.ClientBase, source: ReferenceTable, column: string, target: ReferenceTable): Promise<number> {
  const result = await client.query<{ count: string }>(
    `SELECT count(*) AS count FROM ${source.relation} AS s WHERE EXISTS ` +
      `(SELECT 1 FROM ${target.relation} AS t WHERE t."pzinskey" = s.${pg.escapeIdentifier(column)})`,
  );
  return Number(result.rows[0]!.count);
}

/** Returns Pega references between `tables`, one per (column, target table) with matching rows. */
export async function findPegaReferences(client: pg.ClientBase, tables: readonly ReferenceTable[]): Promise<PegaRelationship[]> {
  const relationships: PegaRelationship[] = [];
  for (const source of tables) {
    const columns = [...WORK_REFERENCE_COLUMNS, 'pxlinkedrefto'].filter((column) => source.textColumns.has(column));
    for (const column of columns) {
      const targets = tables.filter((target) =>
        column === 'pxlinkedrefto'
          ? target !== source && isAttachmentTarget(target)
          : isWorkTarget(target) && (target !== source || column === 'pxcoverinskey'),
      );
      for (const target of targets) {
        const matched = await matchedRows(client, source, column, target);
        if (matched === 0) continue;
        relationships.push({
          kind: 'pega-reference',
          from: source.key,
          fromColumns: [source.propertyOf(column)],
          to: target.key,
          toColumns: [target.propertyOf('pzinskey')],
          matchedRows: matched,
        });
      }
    }
  }
  return relationships;
}

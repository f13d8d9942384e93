/**
 * Runs `COPY (query) TO STDOUT` on a pg client and decodes the rows of its
 * text format.
 *
 * COPY sends each row as one message, decoded here with one UTF-8 conversion
 * and a split. A normal query sends one length-prefixed field after another,
 * which pg decodes one by one. Reading the medium fixture's work tables (about
 * 30 columns) in keyset pages through COPY took about half the client CPU of
 * the same pages as queries (pg 8.23, Node 20, a 2-core AMD EPYC).
 */

import type pg from 'pg';

/** One row: each column's text output, or null for SQL NULL. */
export type CopyRow = (string | null)[];

/** The parts of pg's connection that a query object uses. */
interface QueryConnection {
  query(text: string): void;
}

const NEWLINE = 0x0a;
const NULL_FIELD = '\\N';

// The letter escapes of the COPY text format (PostgreSQL documentation,
// "COPY", File Formats, Text Format).
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * A COPY TO STDOUT statement as pg's client queues it (a "Submittable"). pg
 * calls the handle methods as the server's messages arrive, and `rows` is
 * complete when `done` resolves.
 */
class CopyOutQuery implements pg.Submittable {
  readonly rows: CopyRow[] = [];
  readonly done: Promise<CopyRow[]>;
  private resolve!: (rows: CopyRow[]) => void;
  private reject!: (error: Error) => void;
  private failed = false;

  constructor(private readonly text: string) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: pg.Connection): void {
    (connection as unknown as QueryConnection).query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    this.rows.push(decodeCopyRow(message.chunk));
  }

  handleError(error: Error): void {
    this.failed = true;
    this.reject(error);
  }

  handleReadyForQuery(): void {
    if (!this.failed) this.resolve(this.rows);
  }

  // A COPY TO STDOUT sends none of these, except CommandComplete, which needs no action.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  handleCopyInResponse(): void {
    this.handleError(new Error('the server asked for COPY FROM data, but pmap only runs COPY TO STDOUT'));
  }
}

/** Runs `COPY (query) TO STDOUT` and returns its rows, in the order the server sends them. */
export function copyQueryRows(client: pg.Client, query: string): Promise<CopyRow[]> {
  const copy = client.query(new CopyOutQuery(`COPY (${query}) TO STDOUT`));
  return copy.done;
}

/** Decodes one row of the COPY text format: tab-separated fields, then a newline. */
export function decodeCopyRow(line: Buffer): CopyRow {
  const end = line.length > 0 && line[line.length - 1] === NEWLINE ? line.length - 1 : line.length;
  const fields: CopyRow = line.toString('utf8', 0, end).split('\t');

  for (let index = 0; index < fields.length; index += 1) {
    const field = fields[index]!;
    if (field === NULL_FIELD) {
      fields[index] = null;
    } else if (field.includes('\\')) {
      fields[index] = decodeCopyField(field);
    }
  }
  return fields;
}

/**
 * Replaces the backslash escapes of one field: a letter escape from the
 * table above, or a backslash before any other character, which stands for
 * that character. COPY TO never writes the octal or hexadecimal escapes that
 * COPY FROM also reads, so they are not decoded.
 */
function decodeCopyField(field: string): string {
  return field.replace(/\\(.)/gs, (_escape, character: string) => SIMPLE_ESCAPES[character] ?? character);
}

// The state file of a sandbox started with `persistFile`, in JSON lines: a
// header, then lines of row versions. A full write lists every row. After it,
// each call that committed changes appends one line with the rows it changed,
// so saving a call costs what the call changed, not the size of the database.
// The file is rewritten in full (to a temporary file, then renamed) at start
// when needed, and once the appended versions outgrow the tables. A line cut
// short by a crash belongs to a call that never returned, so the next read
// drops it.

import { closeSync, openSync, readSync, renameSync, writeSync } from 'node:fs';

import type { OdooSeries } from './odoo-series.js';
import type { Row, StoreChanges, StoreSnapshot } from './record-store.js';

const FORMAT = 'pmap-sandbox-state';
const FORMAT_VERSION = 2;
const ROWS_PER_LINE = 1000;
const READ_CHUNK_BYTES = 1 << 20;
// Appended row versions allowed beyond twice the live rows before a full rewrite.
const COMPACT_SLACK = 50_000;

interface Header {
  format: typeof FORMAT;
  version: number;
  series: OdooSeries;
  database: string;
}

/** One line after the header: row versions (`null` for a deleted row) and sequence values. */
interface ChangeLine {
  rows: Array<[model: string, id: number, row: Row | null]>;
  sequences: Record<string, number>;
}

export interface SavedState extends StoreSnapshot {
  series: OdooSeries;
  database: string;
  /** Row versions in the file, to tell when a rewrite would make it smaller. */
  rowVersions: number;
  /** Whether the file must be rewritten before appending (an old format, or a line cut short). */
  needsRewrite: boolean;
}

/** Raised for a state file that cannot be read back. */
export class StateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }
}

/** Reads a state file, or returns undefined when there is none yet. */
export function readStateFile(path: string): SavedState | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(`Cannot read the sandbox state file ${path}: ${(error as Error).message}`);
  }

  try {
    const lines = readLines(descriptor);
    const first = lines.next();
    if (first.done) throw notAStateFile(path);
    const header = parseLine(path, 1, first.value.text);
    if (!isHeader(header)) throw notAStateFile(path);

    if (header.version === 1) return readVersionOne(path, header);
    if (header.version !== FORMAT_VERSION) throw notAStateFile(path);

    const tables = new Map<string, Map<number, Row>>();
    const sequences: Record<string, number> = {};
    let rowVersions = 0;
    let needsRewrite = false;
    let lineNumber = 1;
    for (const line of lines) {
      lineNumber += 1;
      // Only the last line can be cut short by a crash, so an invalid line elsewhere means the file was edited or damaged.
      if (!line.complete) {
        needsRewrite = true;
        break;
      }
      const parsed = parseLine(path, lineNumber, line.text);
      if (!isChangeLine(parsed)) throw notAStateFile(path);
      for (const [model, id, row] of parsed.rows) {
        let table = tables.get(model);
        if (!table) {
          table = new Map();
          tables.set(model, table);
        }
        if (row === null) table.delete(id);
        else table.set(id, row);
        rowVersions += 1;
      }
      Object.assign(sequences, parsed.sequences);
    }

    const snapshot: Record<string, Row[]> = {};
    for (const [model, rows] of tables) if (rows.size > 0) snapshot[model] = [...rows.values()];
    return { series: header.series, database: header.database, tables: snapshot, sequences, rowVersions, needsRewrite };
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Appends each call's changes to a state file and rewrites the file in full
 * when appended row versions outgrow the tables.
 */
export class StateFileWriter {
  private descriptor: number;
  private rowVersions: number;

  private constructor(
    private readonly path: string,
    private readonly header: Header,
    descriptor: number,
    rowVersions: number,
  ) {
    this.descriptor = descriptor;
    this.rowVersions = rowVersions;
  }

  /** Writes the whole database to a new file that replaces `path`, and keeps it open for appending. */
  static create(path: string, series: OdooSeries, database: string, snapshot: StoreSnapshot): StateFileWriter {
    const header: Header = { format: FORMAT, version: FORMAT_VERSION, series, database };
    const rowVersions = writeFull(path, header, snapshot);
    return new StateFileWriter(path, header, openSync(path, 'a'), rowVersions);
  }

  /** Opens a file that readStateFile read without asking for a rewrite, to append to it. */
  static reopen(path: string, saved: SavedState): StateFileWriter {
    const header: Header = { format: FORMAT, version: FORMAT_VERSION, series: saved.series, database: saved.database };
    return new StateFileWriter(path, header, openSync(path, 'a'), saved.rowVersions);
  }

  /** Appends one line with the changes, or rewrites the file from `snapshot` once its versions exceed twice `liveRows` plus the slack. */
  append(changes: StoreChanges, liveRows: number, snapshot: () => StoreSnapshot): void {
    if (changes.rows.length === 0 && Object.keys(changes.sequences).length === 0) return;

    if (this.rowVersions + changes.rows.length > 2 * liveRows + COMPACT_SLACK) {
      closeSync(this.descriptor);
      this.rowVersions = writeFull(this.path, this.header, snapshot());
      this.descriptor = openSync(this.path, 'a');
      return;
    }

    const line: ChangeLine = {
      rows: changes.rows.map(({ model, id, row }) => [model, id, row ?? null]),
      sequences: changes.sequences,
    };
    writeSync(this.descriptor, `${JSON.stringify(line)}\n`);
    this.rowVersions += changes.rows.length;
  }

  close(): void {
    closeSync(this.descriptor);
  }
}

/** Writes the header and every row to a temporary file, renames it over `path`, and returns the rows written. */
function writeFull(path: string, header: Header, snapshot: StoreSnapshot): number {
  const temporary = `${path}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w');
  let rowVersions = 0;
  try {
    writeSync(descriptor, `${JSON.stringify(header)}\n`);
    let pending: ChangeLine['rows'] = [];
    const flush = (sequences: Record<string, number>): void => {
      const line: ChangeLine = { rows: pending, sequences };
      writeSync(descriptor, `${JSON.stringify(line)}\n`);
      rowVersions += pending.length;
      pending = [];
    };
    for (const [model, rows] of Object.entries(snapshot.tables)) {
      for (const row of rows) {
        pending.push([model, row.id, row]);
        if (pending.length === ROWS_PER_LINE) flush({});
      }
    }
    flush(snapshot.sequences);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, path);
  return rowVersions;
}

/** Yields the lines of a file read in chunks, so a file larger than a string can hold still reads. */
function* readLines(descriptor: number): Generator<{ text: string; complete: boolean }> {
  const buffer = Buffer.alloc(READ_CHUNK_BYTES);
  let carry: Buffer[] = [];
  for (;;) {
    const bytes = readSync(descriptor, buffer, 0, buffer.length, null);
    if (bytes === 0) break;
    let start = 0;
    for (let newline = buffer.indexOf(10, start); newline !== -1 && newline < bytes; newline = buffer.indexOf(10, start)) {
      carry.push(buffer.subarray(start, newline));
      yield { text: Buffer.concat(carry).toString('utf8'), complete: true };
      carry = [];
      start = newline + 1;
    }
    if (start < bytes) carry.push(Buffer.from(buffer.subarray(start, bytes)));
  }
  if (carry.length > 0) yield { text: Buffer.concat(carry).toString('utf8'), complete: false };
}

/** A file of format version 1: the whole database as one JSON document. */
function readVersionOne(path: string, document: Header): SavedState {
  const state = document as Header & Partial<StoreSnapshot>;
  if (state.tables === null || typeof state.tables !== 'object' || state.sequences === null || typeof state.sequences !== 'object') {
    throw notAStateFile(path);
  }
  return { series: state.series, database: state.database, tables: state.tables, sequences: state.sequences, rowVersions: 0, needsRewrite: true };
}

function parseLine(path: string, lineNumber: number, text: string): unknown {
  const parsed = tryParse(text);
  if (parsed === undefined) {
    throw new StateFileError(
      `Line ${lineNumber} of the sandbox state file ${path} is not valid JSON; delete the file to start from a fresh database.`,
    );
  }
  return parsed;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function notAStateFile(path: string): StateFileError {
  return new StateFileError(`The file ${path} is not a sandbox state file of format version ${FORMAT_VERSION}; delete it or choose another file.`);
}

function isHeader(value: unknown): value is Header {
  if (value === null || typeof value !== 'object') return false;
  const header = value as Partial<Header>;
  return header.format === FORMAT && typeof header.version === 'number' && typeof header.series === 'string' && typeof header.database === 'string';
}

function isChangeLine(value: unknown): value is ChangeLine {
  if (value === null || typeof value !== 'object') return false;
  const line = value as Partial<ChangeLine>;
  return Array.isArray(line.rows) && line.sequences !== null && typeof line.sequences === 'object';
}

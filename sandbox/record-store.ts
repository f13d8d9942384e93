// In-memory tables, one per model, with the transaction semantics of one Odoo
// RPC call: everything a call changed is undone when it fails.

/** A column value: scalars as PostgreSQL would store them, many2many ids as a list. */
export type StoredValue = string | number | boolean | null | readonly number[] | StoredJson;

/** A JSON column (properties fields). */
export interface StoredJson {
  readonly json: unknown;
}

/** A table row. Rows are never mutated in place, so the undo log can keep old versions. */
export type Row = Readonly<Record<string, StoredValue>> & { readonly id: number };

interface Table {
  readonly model: string;
  rows: Map<number, Row>;
  /** Indexes on column lists (e.g. the columns of a unique constraint), by their key. */
  indexes: Map<string, ColumnIndex>;
}

interface ColumnIndex {
  columns: readonly string[];
  /** Ids of the rows by the JSON text of their values in `columns`. */
  ids: Map<string, Set<number>>;
}

type UndoStep = { table: Table; id: number; previous: Row | undefined } | { undo: () => void };

/** The tables and sequences of a store as plain JSON, for a state file. */
export interface StoreSnapshot {
  tables: Record<string, Row[]>;
  sequences: Record<string, number>;
}

/** The rows and sequences changed since the last `takeChanges()`, each row in its current version. */
export interface StoreChanges {
  /** Rows inserted or updated, and rows deleted (`row` undefined). */
  rows: Array<{ model: string; id: number; row: Row | undefined }>;
  /** Sequences that moved, with their current value. */
  sequences: Record<string, number>;
}

export class RecordStore {
  private readonly tables = new Map<string, Table>();
  private readonly sequences = new Map<string, number>();
  private undoLog: UndoStep[] | undefined;
  /** How many transactions committed with changes, so a caller can tell whether a call wrote anything. */
  private committedChanges = 0;
  /**
   * Rows and sequences changed since the last takeChanges(), once
   * trackChanges() has been called. A row undone by a failed transaction is
   * listed too; its version is then the one from before.
   */
  private changedRows: Map<Table, Set<number>> | undefined;
  private changedSequences: Set<string> | undefined;

  /** Returns the row with this id, or undefined when there is none. */
  get(model: string, id: number): Row | undefined {
    return this.table(model).rows.get(id);
  }

  has(model: string, id: number): boolean {
    return this.table(model).rows.has(id);
  }

  /** Returns all rows of a model in insertion order. */
  rows(model: string): Row[] {
    return [...this.table(model).rows.values()];
  }

  /**
   * Returns the ids of the rows whose `columns` hold exactly `values`. The
   * first lookup on a column list builds an index that later changes keep
   * up to date, so unique checks stay fast on large tables.
   */
  findIds(model: string, columns: readonly string[], values: readonly StoredValue[]): number[] {
    const index = this.index(this.table(model), columns);
    return [...(index.ids.get(JSON.stringify(values)) ?? [])];
  }

  /** Counts the rows whose `columns` hold exactly `values`, through the same index as findIds. */
  countIds(model: string, columns: readonly string[], values: readonly StoredValue[]): number {
    const index = this.index(this.table(model), columns);
    return index.ids.get(JSON.stringify(values))?.size ?? 0;
  }

  /**
   * Takes the next id of a model's sequence. Like a PostgreSQL sequence it is
   * not rolled back, so a failed call leaves a gap in the ids.
   */
  nextId(model: string): number {
    const next = (this.sequences.get(model) ?? 0) + 1;
    this.sequences.set(model, next);
    this.changedSequences?.add(model);
    return next;
  }

  /** Moves a model's sequence past `id`, for rows inserted with fixed ids. */
  reserveId(model: string, id: number): void {
    if ((this.sequences.get(model) ?? 0) >= id) return;
    this.sequences.set(model, id);
    this.changedSequences?.add(model);
  }

  insert(model: string, row: Row): void {
    const table = this.table(model);
    this.remember(table, row.id);
    this.put(table, row.id, Object.freeze({ ...row }));
  }

  update(model: string, id: number, changes: Readonly<Record<string, StoredValue>>): void {
    const table = this.table(model);
    const current = table.rows.get(id);
    if (!current) throw new Error(`Sandbox bug: update of missing row ${model}(${id})`);
    this.remember(table, id);
    this.put(table, id, Object.freeze({ ...current, ...changes, id }));
  }

  delete(model: string, id: number): void {
    const table = this.table(model);
    this.remember(table, id);
    this.put(table, id, undefined);
  }

  /**
   * Runs `work` as one transaction: if it throws, every row change it made is
   * undone. Nested calls join the outer transaction.
   */
  transaction<T>(work: () => T): T {
    if (this.undoLog) return work();

    const steps: UndoStep[] = [];
    this.undoLog = steps;
    try {
      const result = work();
      this.undoLog = undefined;
      if (steps.length > 0) this.committedChanges += 1;
      return result;
    } catch (error) {
      this.undoLog = undefined;
      this.undo(steps);
      throw error;
    }
  }

  /**
   * Runs `work` inside the current transaction as a savepoint: if it throws,
   * only its own changes are undone and the error is rethrown.
   */
  savepoint<T>(work: () => T): T {
    const outer = this.undoLog;
    if (!outer) return this.transaction(work);

    const steps: UndoStep[] = [];
    this.undoLog = steps;
    try {
      const result = work();
      outer.push(...steps);
      return result;
    } catch (error) {
      this.undo(steps);
      throw error;
    } finally {
      this.undoLog = outer;
    }
  }

  /** Registers a change outside the tables (e.g. to the model registry) to undo if the transaction fails. */
  onRollback(undo: () => void): void {
    this.undoLog?.push({ undo });
  }

  /** Returns a counter that grows with every transaction that committed changes. */
  get changeCount(): number {
    return this.committedChanges;
  }

  /**
   * Starts collecting what committed transactions change, so a state file
   * can append each call's changes instead of rewriting every table.
   */
  trackChanges(): void {
    this.changedRows ??= new Map();
    this.changedSequences ??= new Set();
  }

  /** Returns the changes since the last call and clears the list. */
  takeChanges(): StoreChanges {
    const rows: StoreChanges['rows'] = [];
    for (const [table, ids] of this.changedRows ?? []) {
      for (const id of ids) rows.push({ model: table.model, id, row: table.rows.get(id) });
    }
    const sequences: Record<string, number> = {};
    for (const model of this.changedSequences ?? []) sequences[model] = this.sequences.get(model)!;
    this.changedRows?.clear();
    this.changedSequences?.clear();
    return { rows, sequences };
  }

  /** The number of rows over all tables. */
  get rowCount(): number {
    let count = 0;
    for (const table of this.tables.values()) count += table.rows.size;
    return count;
  }

  /** Returns every table and sequence as plain JSON values. */
  snapshot(): StoreSnapshot {
    const tables: Record<string, Row[]> = {};
    for (const [model, table] of this.tables) {
      if (table.rows.size > 0) tables[model] = [...table.rows.values()];
    }
    return { tables, sequences: Object.fromEntries(this.sequences) };
  }

  /** Replaces every table and sequence with those of a snapshot. */
  restore(snapshot: StoreSnapshot): void {
    this.tables.clear();
    this.sequences.clear();
    for (const [model, rows] of Object.entries(snapshot.tables)) {
      const table = this.table(model);
      for (const row of rows) table.rows.set(row.id, Object.freeze({ ...row }));
    }
    for (const [model, value] of Object.entries(snapshot.sequences)) this.sequences.set(model, value);
  }

  private undo(steps: UndoStep[]): void {
    for (const step of steps.reverse()) {
      if ('undo' in step) step.undo();
      else this.put(step.table, step.id, step.previous);
    }
  }

  private remember(table: Table, id: number): void {
    this.undoLog?.push({ table, id, previous: table.rows.get(id) });
  }

  /** Sets or removes a row and keeps the table's indexes in step. */
  private put(table: Table, id: number, row: Row | undefined): void {
    const previous = table.rows.get(id);
    for (const index of table.indexes.values()) {
      if (previous) removeFromIndex(index, previous);
      if (row) addToIndex(index, row);
    }
    if (row) table.rows.set(id, row);
    else table.rows.delete(id);
    this.noteChanged(table, id);
  }

  private noteChanged(table: Table, id: number): void {
    if (!this.changedRows) return;
    let ids = this.changedRows.get(table);
    if (!ids) {
      ids = new Set();
      this.changedRows.set(table, ids);
    }
    ids.add(id);
  }

  private index(table: Table, columns: readonly string[]): ColumnIndex {
    const key = JSON.stringify(columns);
    let index = table.indexes.get(key);
    if (!index) {
      index = { columns, ids: new Map() };
      for (const row of table.rows.values()) addToIndex(index, row);
      table.indexes.set(key, index);
    }
    return index;
  }

  private table(model: string): Table {
    let table = this.tables.get(model);
    if (!table) {
      table = { model, rows: new Map(), indexes: new Map() };
      this.tables.set(model, table);
    }
    return table;
  }
}

function indexKey(index: ColumnIndex, row: Row): string {
  return JSON.stringify(index.columns.map((column) => row[column] ?? null));
}

function addToIndex(index: ColumnIndex, row: Row): void {
  const key = indexKey(index, row);
  let ids = index.ids.get(key);
  if (!ids) {
    ids = new Set();
    index.ids.set(key, ids);
  }
  ids.add(row.id);
}

function removeFromIndex(index: ColumnIndex, row: Row): void {
  const key = indexKey(index, row);
  const ids = index.ids.get(key);
  ids?.delete(row.id);
  if (ids?.size === 0) index.ids.delete(key);
}

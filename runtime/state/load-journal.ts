import type { StateStore, StoredRecord } from './state-store.js';

/** A record in the journal: its external id and the hash of its values. */
export interface JournalRecord {
  readonly externalId: string;
  readonly hash: string;
}

/**
 * The state-store side of loading one phase. Every call that precedes an
 * Odoo call commits before that call is sent, so a kill between the two
 * leaves enough in the state for the next run to finish or undo it.
 */
export class LoadJournal {
  constructor(
    private readonly store: StateStore,
    readonly runId: number,
    readonly object: string,
    readonly model: string,
    /** Whether the state's ids and hashes can be trusted without asking Odoo (see stateMatchesOdoo in apply-plan.ts). */
    readonly trusted: boolean,
  ) {}

  stored(externalIds: readonly string[]): Promise<Map<string, StoredRecord>> {
    return this.store.records(this.object, externalIds);
  }

  /** Journals a create call before it is sent; returns the entry id. */
  beforeCreate(records: readonly JournalRecord[], maxIdBefore: number): Promise<number> {
    return this.store.beginCreate({
      runId: this.runId,
      object: this.object,
      model: this.model,
      externalIds: records.map((record) => record.externalId),
      hashes: records.map((record) => record.hash),
      maxIdBefore,
    });
  }

  createAnswered(entryId: number, resIds: readonly number[]): Promise<void> {
    return this.store.createAnswered(entryId, resIds);
  }

  /** Marks the create done once the records have their external ids, and stores their ids and hashes. */
  async createDone(entryId: number, records: readonly JournalRecord[], resIds: readonly number[]): Promise<void> {
    await this.store.saveRecords(this.runId, this.object, records.map((record, index) => ({ externalId: record.externalId, resId: resIds[index]!, hash: record.hash, created: true })));
    await this.store.finishCreate(entryId, 'done');
  }

  /** Odoo rejected the call, so nothing of it exists. */
  createFailed(entryId: number): Promise<void> {
    return this.store.finishCreate(entryId, 'dropped');
  }

  /** Saves what a record held before this run's first write to it. */
  beforeWrite(externalId: string, resId: number, values: Record<string, unknown>, adopted = false): Promise<void> {
    return this.store.savePreImage({ runId: this.runId, object: this.object, model: this.model, resId, externalId, values, adopted });
  }

  /** Stores the ids and hashes of records that Odoo now holds as sent (updated, or confirmed unchanged). */
  settled(records: readonly { externalId: string; resId: number; hash: string }[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.store.saveRecords(this.runId, this.object, records.map((record) => ({ ...record, created: false })));
  }

  /** Saves the phase's checkpoint: the key of the last committed record and the rows read so far. */
  checkpoint(lastKey: string | null, rows: number, done: boolean): Promise<void> {
    return this.store.saveCheckpoint(this.runId, this.object, { lastKey, rows, done });
  }

  /** Records the watermark the phase reached; it becomes the next delta's start once the run succeeds. */
  pendingWatermark(column: string, value: string): Promise<void> {
    return this.store.savePendingWatermark(this.runId, this.object, { column, value });
  }

  linksSettled(records: readonly { externalId: string; linkHash: string }[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.store.saveLinkHashes(this.object, records);
  }
}

/**
 * What pmap remembers between runs: runs, per-phase checkpoints, the Odoo id
 * and value hash of every record it loaded, a journal of the creates it sent,
 * and the pre-image of every record it changed but did not create. Apply uses
 * it to resume and to skip unchanged records; rollback walks it backwards.
 */

export type RunKind = 'apply' | 'delta' | 'rollback';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'rolled-back';

export interface RunInfo {
  readonly id: number;
  readonly kind: RunKind;
  readonly planHash: string;
  /** Odoo URL and database the run loaded into. */
  readonly target: string;
  readonly user: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: RunStatus;
}

export interface LockHolder {
  /** Random id printed to the user, for `pmap force-unlock ID`. */
  readonly lockId: string;
  /** `user@host`. */
  readonly holder: string;
  readonly host: string;
  readonly pid: number;
  readonly since: string;
  readonly command: string;
}

export interface PhaseCheckpoint {
  /** Business key of the last source record whose batch was committed. */
  readonly lastKey: string | null;
  /** Source rows read up to that key. */
  readonly rows: number;
  readonly done: boolean;
}

/** A record pmap loaded: its Odoo id and the hash of the values last sent or confirmed. */
export interface StoredRecord {
  readonly externalId: string;
  readonly resId: number;
  readonly hash: string | null;
  readonly linkHash: string | null;
  readonly createdRun: number | null;
}

/** One create call sent to Odoo, journaled before it is sent. */
export interface CreateEntry {
  readonly id: number;
  readonly runId: number;
  readonly object: string;
  readonly model: string;
  readonly externalIds: readonly string[];
  readonly hashes: readonly string[];
  /** Ids Odoo returned; null until the response arrived. */
  readonly resIds: readonly number[] | null;
  /** Highest id of the model before the call, to find its records if the response was lost. */
  readonly maxIdBefore: number;
  readonly state: 'pending' | 'done' | 'dropped' | 'rolled-back';
}

/** The values a run found on a record before it first wrote to it. */
export interface PreImage {
  readonly runId: number;
  readonly object: string;
  readonly model: string;
  readonly resId: number;
  readonly externalId: string;
  /** Field values in the form `write` takes. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Whether the run gave this existing record its external id (a `match` adoption). */
  readonly adopted: boolean;
  readonly restored: boolean;
}

export interface CreatedField {
  readonly runId: number;
  readonly model: string;
  readonly name: string;
  readonly dropped: boolean;
}

export interface Watermark {
  readonly column: string;
  readonly value: string;
}

export interface StateStore {
  /** The state's location for messages: a file path or a database name, never a password. */
  readonly location: string;

  /** Takes the lock or throws StateLockedError naming the holder. A lock of a dead local process is taken over. */
  acquireLock(holder: LockHolder): Promise<void>;
  releaseLock(lockId: string): Promise<void>;
  /** Removes the lock whose id is given; returns the holder it removed, if any. */
  forceUnlock(lockId: string): Promise<LockHolder | undefined>;
  currentLock(): Promise<LockHolder | undefined>;

  /** A counter that advances each time a run ends; saved plans record it. */
  serial(): Promise<number>;

  beginRun(run: { kind: RunKind; planHash: string; target: string; user: string }): Promise<RunInfo>;
  finishRun(runId: number, status: RunStatus): Promise<void>;
  /** Reopens an interrupted run, so a resumed apply keeps adding to it. */
  reopenRun(runId: number): Promise<void>;
  runs(): Promise<RunInfo[]>;

  checkpoint(runId: number, object: string): Promise<PhaseCheckpoint | undefined>;
  saveCheckpoint(runId: number, object: string, checkpoint: PhaseCheckpoint): Promise<void>;

  records(object: string, externalIds: readonly string[]): Promise<Map<string, StoredRecord>>;
  countRecords(object: string): Promise<number>;
  /** Stores the Odoo id and hash of records after Odoo confirmed them. */
  saveRecords(runId: number, object: string, records: readonly { externalId: string; resId: number; hash: string; created: boolean }[]): Promise<void>;
  saveLinkHashes(object: string, records: readonly { externalId: string; linkHash: string }[]): Promise<void>;
  forgetRecords(object: string, externalIds: readonly string[]): Promise<void>;
  clearHashes(object: string, externalIds: readonly string[]): Promise<void>;

  beginCreate(entry: Omit<CreateEntry, 'id' | 'resIds' | 'state'>): Promise<number>;
  createAnswered(entryId: number, resIds: readonly number[]): Promise<void>;
  finishCreate(entryId: number, state: 'done' | 'dropped' | 'rolled-back'): Promise<void>;
  createEntries(filter: { state?: CreateEntry['state']; runId?: number }): Promise<CreateEntry[]>;

  /** Saves a pre-image; fields already saved for this run and record keep their first value. */
  savePreImage(preImage: Omit<PreImage, 'restored'>): Promise<void>;
  preImages(runId: number): Promise<PreImage[]>;
  markRestored(runId: number, model: string, resId: number): Promise<void>;

  saveCreatedField(runId: number, model: string, name: string): Promise<void>;
  createdFields(runId: number): Promise<CreatedField[]>;
  markFieldDropped(runId: number, model: string, name: string): Promise<void>;

  saveRedirects(object: string, redirects: ReadonlyMap<string, string>): Promise<void>;
  redirects(object: string): Promise<Map<string, string>>;

  watermark(object: string): Promise<Watermark | undefined>;
  /** Records the watermark a phase reached; kept per run until the run succeeds. */
  savePendingWatermark(runId: number, object: string, watermark: Watermark): Promise<void>;
  /** Moves the pending watermarks of the run's succeeded phases to the current ones. */
  commitWatermarks(runId: number, objects: readonly string[]): Promise<void>;

  close(): Promise<void>;
}

/** Another process holds the state lock. */
export class StateLockedError extends Error {
  constructor(readonly holder: LockHolder, location: string) {
    super(
      `another pmap ${holder.command} holds the state lock in ${location}: ${holder.holder}, process ${holder.pid}, since ${holder.since} (lock id ${holder.lockId}). ` +
        `Wait for it to finish; if that process is gone, release the lock with \`pmap force-unlock ${holder.lockId}\``,
    );
    this.name = 'StateLockedError';
  }
}

/** The state file or database cannot be used. */
export class StateStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateStoreError';
  }
}

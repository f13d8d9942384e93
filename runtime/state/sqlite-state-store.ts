import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { STATE_MIGRATIONS, STATE_SCHEMA_VERSION } from './state-schema.js';
import {
  StateLockedError,
  StateStoreError,
  type CreateEntry,
  type CreatedField,
  type LockHolder,
  type PhaseCheckpoint,
  type PreImage,
  type RunInfo,
  type RunKind,
  type RunStatus,
  type StateStore,
  type StoredRecord,
  type Watermark,
} from './state-store.js';
import { isLocalProcessGone } from './process-alive.js';

type Row = Record<string, unknown>;

/**
 * The default state store: one SQLite file (`.pmap/state.db`) in WAL mode.
 * Each method commits before it returns, so what it recorded survives a kill
 * of the process at any later moment.
 */
export class SqliteStateStore implements StateStore {
  private readonly database: Database.Database;

  private constructor(readonly location: string, database: Database.Database) {
    this.database = database;
  }

  static open(path: string): SqliteStateStore {
    let database: Database.Database;
    try {
      mkdirSync(dirname(path), { recursive: true });
      database = new Database(path);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('busy_timeout = 5000');
    } catch (error) {
      throw new StateStoreError(`cannot open the state file ${path}: ${(error as Error).message}; check that the folder is writable and the file is a pmap state file`);
    }
    const store = new SqliteStateStore(path, database);
    store.migrate();
    return store;
  }

  private migrate(): void {
    let version: number;
    try {
      this.database.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      const row = this.database.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as Row | undefined;
      version = row ? Number(row.value) : 0;
    } catch (error) {
      throw new StateStoreError(`${this.location} is not a pmap state file (${(error as Error).message}); move it away and run again`);
    }
    if (version > STATE_SCHEMA_VERSION) {
      throw new StateStoreError(`${this.location} was written by a newer pmap (state schema ${version}, this pmap knows ${STATE_SCHEMA_VERSION}); upgrade pmap`);
    }
    const upgrade = this.database.transaction(() => {
      for (let next = version; next < STATE_SCHEMA_VERSION; next += 1) this.database.exec(STATE_MIGRATIONS[next]!);
      this.database.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(STATE_SCHEMA_VERSION));
      this.database.prepare("INSERT INTO meta (key, value) VALUES ('serial', '0') ON CONFLICT (key) DO NOTHING").run();
    });
    upgrade.immediate();
  }

  async acquireLock(holder: LockHolder): Promise<void> {
    const take = this.database.transaction(() => {
      const current = this.lockRow();
      if (current && !isLocalProcessGone(current)) throw new StateLockedError(current, this.location);
      this.database.prepare('DELETE FROM state_lock').run();
      this.database
        .prepare('INSERT INTO state_lock (singleton, lock_id, holder, host, pid, since, command) VALUES (1, ?, ?, ?, ?, ?, ?)')
        .run(holder.lockId, holder.holder, holder.host, holder.pid, holder.since, holder.command);
    });
    take.immediate();
  }

  async releaseLock(lockId: string): Promise<void> {
    this.database.prepare('DELETE FROM state_lock WHERE lock_id = ?').run(lockId);
  }

  async forceUnlock(lockId: string): Promise<LockHolder | undefined> {
    const current = this.lockRow();
    if (!current || current.lockId !== lockId) return undefined;
    this.database.prepare('DELETE FROM state_lock WHERE lock_id = ?').run(lockId);
    return current;
  }

  async currentLock(): Promise<LockHolder | undefined> {
    return this.lockRow();
  }

  private lockRow(): LockHolder | undefined {
    const row = this.database.prepare('SELECT * FROM state_lock').get() as Row | undefined;
    if (!row) return undefined;
    return { lockId: String(row.lock_id), holder: String(row.holder), host: String(row.host), pid: Number(row.pid), since: String(row.since), command: String(row.command) };
  }

  async serial(): Promise<number> {
    const row = this.database.prepare("SELECT value FROM meta WHERE key = 'serial'").get() as Row;
    return Number(row.value);
  }

  async beginRun(run: { kind: RunKind; planHash: string; target: string; user: string }): Promise<RunInfo> {
    const startedAt = new Date().toISOString();
    const result = this.database
      .prepare("INSERT INTO runs (kind, plan_hash, target, user_name, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')")
      .run(run.kind, run.planHash, run.target, run.user, startedAt);
    return { id: Number(result.lastInsertRowid), ...run, startedAt, finishedAt: null, status: 'running' };
  }

  async finishRun(runId: number, status: RunStatus): Promise<void> {
    const finish = this.database.transaction(() => {
      this.database.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, new Date().toISOString(), runId);
      this.database.prepare("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'serial'").run();
    });
    finish.immediate();
  }

  async reopenRun(runId: number): Promise<void> {
    this.database.prepare("UPDATE runs SET status = 'running', finished_at = NULL WHERE id = ?").run(runId);
  }

  async runs(): Promise<RunInfo[]> {
    const rows = this.database.prepare('SELECT * FROM runs ORDER BY id').all() as Row[];
    return rows.map((row) => ({
      id: Number(row.id),
      kind: row.kind as RunKind,
      planHash: String(row.plan_hash),
      target: String(row.target),
      user: String(row.user_name),
      startedAt: String(row.started_at),
      finishedAt: row.finished_at === null ? null : String(row.finished_at),
      status: row.status as RunStatus,
    }));
  }

  async checkpoint(runId: number, object: string): Promise<PhaseCheckpoint | undefined> {
    const row = this.database.prepare('SELECT * FROM checkpoints WHERE run_id = ? AND object = ?').get(runId, object) as Row | undefined;
    if (!row) return undefined;
    return { lastKey: row.last_key === null ? null : String(row.last_key), rows: Number(row.row_count), done: Number(row.done) === 1 };
  }

  async saveCheckpoint(runId: number, object: string, checkpoint: PhaseCheckpoint): Promise<void> {
    this.database
      .prepare(
        `INSERT INTO checkpoints (run_id, object, last_key, row_count, done) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_id, object) DO UPDATE SET last_key = excluded.last_key, row_count = excluded.row_count, done = excluded.done`,
      )
      .run(runId, object, checkpoint.lastKey, checkpoint.rows, checkpoint.done ? 1 : 0);
  }

  async records(object: string, externalIds: readonly string[]): Promise<Map<string, StoredRecord>> {
    const found = new Map<string, StoredRecord>();
    const statement = this.database.prepare('SELECT * FROM records WHERE object = ? AND external_id IN (SELECT value FROM json_each(?))');
    for (const row of statement.all(object, JSON.stringify(externalIds)) as Row[]) {
      found.set(String(row.external_id), {
        externalId: String(row.external_id),
        resId: Number(row.res_id),
        hash: row.hash === null ? null : String(row.hash),
        linkHash: row.link_hash === null ? null : String(row.link_hash),
        createdRun: row.created_run === null ? null : Number(row.created_run),
      });
    }
    return found;
  }

  async countRecords(object: string): Promise<number> {
    return Number((this.database.prepare('SELECT count(*) AS n FROM records WHERE object = ?').get(object) as Row).n);
  }

  async saveRecords(runId: number, object: string, records: readonly { externalId: string; resId: number; hash: string; created: boolean }[]): Promise<void> {
    const statement = this.database.prepare(
      `INSERT INTO records (object, external_id, res_id, hash, created_run, updated_run) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (object, external_id) DO UPDATE SET
         res_id = excluded.res_id, hash = excluded.hash, updated_run = excluded.updated_run,
         link_hash = CASE WHEN records.res_id = excluded.res_id THEN records.link_hash ELSE NULL END,
         created_run = CASE WHEN excluded.created_run IS NOT NULL THEN excluded.created_run ELSE records.created_run END`,
    );
    this.database.transaction(() => {
      for (const record of records) statement.run(object, record.externalId, record.resId, record.hash, record.created ? runId : null, runId);
    }).immediate();
  }

  async saveLinkHashes(object: string, records: readonly { externalId: string; linkHash: string }[]): Promise<void> {
    const statement = this.database.prepare('UPDATE records SET link_hash = ? WHERE object = ? AND external_id = ?');
    this.database.transaction(() => {
      for (const record of records) statement.run(record.linkHash, object, record.externalId);
    }).immediate();
  }

  async forgetRecords(object: string, externalIds: readonly string[]): Promise<void> {
    this.database.prepare('DELETE FROM records WHERE object = ? AND external_id IN (SELECT value FROM json_each(?))').run(object, JSON.stringify(externalIds));
  }

  async clearHashes(object: string, externalIds: readonly string[]): Promise<void> {
    this.database
      .prepare('UPDATE records SET hash = NULL, link_hash = NULL WHERE object = ? AND external_id IN (SELECT value FROM json_each(?))')
      .run(object, JSON.stringify(externalIds));
  }

  async beginCreate(entry: Omit<CreateEntry, 'id' | 'resIds' | 'state'>): Promise<number> {
    const result = this.database
      .prepare("INSERT INTO create_journal (run_id, object, model, external_ids, hashes, max_id_before, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')")
      .run(entry.runId, entry.object, entry.model, JSON.stringify(entry.externalIds), JSON.stringify(entry.hashes), entry.maxIdBefore);
    return Number(result.lastInsertRowid);
  }

  async createAnswered(entryId: number, resIds: readonly number[]): Promise<void> {
    this.database.prepare('UPDATE create_journal SET res_ids = ? WHERE id = ?').run(JSON.stringify(resIds), entryId);
  }

  async finishCreate(entryId: number, state: 'done' | 'dropped' | 'rolled-back'): Promise<void> {
    this.database.prepare('UPDATE create_journal SET state = ? WHERE id = ?').run(state, entryId);
  }

  async createEntries(filter: { state?: CreateEntry['state']; runId?: number }): Promise<CreateEntry[]> {
    const rows = this.database
      .prepare('SELECT * FROM create_journal WHERE (? IS NULL OR state = ?) AND (? IS NULL OR run_id = ?) ORDER BY id')
      .all(filter.state ?? null, filter.state ?? null, filter.runId ?? null, filter.runId ?? null) as Row[];
    return rows.map((row) => ({
      id: Number(row.id),
      runId: Number(row.run_id),
      object: String(row.object),
      model: String(row.model),
      externalIds: JSON.parse(String(row.external_ids)) as string[],
      hashes: JSON.parse(String(row.hashes)) as string[],
      resIds: row.res_ids === null ? null : (JSON.parse(String(row.res_ids)) as number[]),
      maxIdBefore: Number(row.max_id_before),
      state: row.state as CreateEntry['state'],
    }));
  }

  async savePreImage(preImage: Omit<PreImage, 'restored'>): Promise<void> {
    const merge = this.database.transaction(() => {
      const row = this.database.prepare('SELECT field_values, adopted FROM pre_images WHERE run_id = ? AND model = ? AND res_id = ?').get(preImage.runId, preImage.model, preImage.resId) as Row | undefined;
      if (!row) {
        this.database
          .prepare('INSERT INTO pre_images (run_id, object, model, res_id, external_id, field_values, adopted, restored) VALUES (?, ?, ?, ?, ?, ?, ?, 0)')
          .run(preImage.runId, preImage.object, preImage.model, preImage.resId, preImage.externalId, JSON.stringify(preImage.values), preImage.adopted ? 1 : 0);
        return;
      }
      const values = { ...preImage.values, ...(JSON.parse(String(row.field_values)) as Record<string, unknown>) };
      const adopted = Number(row.adopted) === 1 || preImage.adopted;
      this.database
        .prepare('UPDATE pre_images SET field_values = ?, adopted = ? WHERE run_id = ? AND model = ? AND res_id = ?')
        .run(JSON.stringify(values), adopted ? 1 : 0, preImage.runId, preImage.model, preImage.resId);
    });
    merge.immediate();
  }

  async preImages(runId: number): Promise<PreImage[]> {
    const rows = this.database.prepare('SELECT * FROM pre_images WHERE run_id = ? ORDER BY rowid').all(runId) as Row[];
    return rows.map((row) => ({
      runId: Number(row.run_id),
      object: String(row.object),
      model: String(row.model),
      resId: Number(row.res_id),
      externalId: String(row.external_id),
      values: JSON.parse(String(row.field_values)) as Record<string, unknown>,
      adopted: Number(row.adopted) === 1,
      restored: Number(row.restored) === 1,
    }));
  }

  async markRestored(runId: number, model: string, resId: number): Promise<void> {
    this.database.prepare('UPDATE pre_images SET restored = 1 WHERE run_id = ? AND model = ? AND res_id = ?').run(runId, model, resId);
  }

  async saveCreatedField(runId: number, model: string, name: string): Promise<void> {
    this.database.prepare('INSERT INTO created_fields (run_id, model, name, dropped) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING').run(runId, model, name);
  }

  async createdFields(runId: number): Promise<CreatedField[]> {
    const rows = this.database.prepare('SELECT * FROM created_fields WHERE run_id = ? ORDER BY rowid').all(runId) as Row[];
    return rows.map((row) => ({ runId: Number(row.run_id), model: String(row.model), name: String(row.name), dropped: Number(row.dropped) === 1 }));
  }

  async markFieldDropped(runId: number, model: string, name: string): Promise<void> {
    this.database.prepare('UPDATE created_fields SET dropped = 1 WHERE run_id = ? AND model = ? AND name = ?').run(runId, model, name);
  }

  async saveRedirects(object: string, redirects: ReadonlyMap<string, string>): Promise<void> {
    const statement = this.database.prepare('INSERT INTO redirects (object, source_key, kept_key) VALUES (?, ?, ?) ON CONFLICT (object, source_key) DO UPDATE SET kept_key = excluded.kept_key');
    this.database.transaction(() => {
      this.database.prepare('DELETE FROM redirects WHERE object = ?').run(object);
      for (const [key, kept] of redirects) statement.run(object, key, kept);
    }).immediate();
  }

  async redirects(object: string): Promise<Map<string, string>> {
    const rows = this.database.prepare('SELECT source_key, kept_key FROM redirects WHERE object = ?').all(object) as Row[];
    return new Map(rows.map((row) => [String(row.source_key), String(row.kept_key)]));
  }

  async watermark(object: string): Promise<Watermark | undefined> {
    const row = this.database.prepare('SELECT column_name, value FROM watermarks WHERE object = ?').get(object) as Row | undefined;
    return row ? { column: String(row.column_name), value: String(row.value) } : undefined;
  }

  async savePendingWatermark(runId: number, object: string, watermark: Watermark): Promise<void> {
    this.database
      .prepare('INSERT INTO pending_watermarks (run_id, object, column_name, value) VALUES (?, ?, ?, ?) ON CONFLICT (run_id, object) DO UPDATE SET column_name = excluded.column_name, value = excluded.value')
      .run(runId, object, watermark.column, watermark.value);
  }

  async commitWatermarks(runId: number, objects: readonly string[]): Promise<void> {
    const select = this.database.prepare('SELECT column_name, value FROM pending_watermarks WHERE run_id = ? AND object = ?');
    const upsert = this.database.prepare('INSERT INTO watermarks (object, column_name, value) VALUES (?, ?, ?) ON CONFLICT (object) DO UPDATE SET column_name = excluded.column_name, value = excluded.value');
    this.database.transaction(() => {
      for (const object of objects) {
        const row = select.get(runId, object) as Row | undefined;
        if (row) upsert.run(object, row.column_name, row.value);
      }
    }).immediate();
  }

  async close(): Promise<void> {
    this.database.close();
  }
}

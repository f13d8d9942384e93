import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStateStore } from '../../runtime/state/postgres-state-store.js';
import { SqliteStateStore } from '../../runtime/state/sqlite-state-store.js';
import { StateLockedError, StateStoreError, type LockHolder, type StateStore } from '../../runtime/state/state-store.js';
import { createTestDatabase, releaseTestDatabases } from '../support/postgres.js';

afterAll(releaseTestDatabases);

function holder(lockId: string, pid = process.pid, host = hostname()): LockHolder {
  return { lockId, holder: `tester@${host}`, host, pid, since: '2026-12-05T00:00:00.000Z', command: 'apply' };
}

const backends: [string, () => Promise<StateStore>][] = [
  ['sqlite', async () => SqliteStateStore.open(join(mkdtempSync(join(tmpdir(), 'pmap-state-')), 'state.db'))],
  ['postgres', async () => {
    const database = await createTestDatabase('state-store');
    return PostgresStateStore.open(database.connectionString, `${database.schemaPrefix}pmap_state`);
  }],
];

describe.each(backends)('%s state store', (_name, open) => {
  it('records runs and advances the serial', async () => {
    const store = await open();
    expect(await store.serial()).toBe(0);
    const run = await store.beginRun({ kind: 'apply', planHash: 'abc', target: 'sandbox', user: 'tester@host' });
    await store.finishRun(run.id, 'succeeded');
    const [recorded] = await store.runs();
    expect(recorded).toMatchObject({ id: run.id, kind: 'apply', planHash: 'abc', status: 'succeeded' });
    expect(await store.serial()).toBe(1);
    await store.close();
  });

  it('keeps the first pre-image of each field', async () => {
    const store = await open();
    const base = { runId: 1, object: 'Contact', model: 'res.partner', resId: 7, externalId: 'contact__1' };
    await store.savePreImage({ ...base, values: { phone: 'original' }, adopted: false });
    await store.savePreImage({ ...base, values: { phone: 'written by the run', city: 'Paris' }, adopted: true });
    const [image] = await store.preImages(1);
    expect(image!.values).toEqual({ phone: 'original', city: 'Paris' });
    expect(image!.adopted).toBe(true);
    await store.close();
  });

  it('stores records, hashes and create entries', async () => {
    const store = await open();
    const entry = await store.beginCreate({ runId: 1, object: 'Company', model: 'res.partner', externalIds: ['company__a', 'company__b'], hashes: ['h1', 'h2'], maxIdBefore: 40 });
    expect((await store.createEntries({ state: 'pending' })).map((pending) => pending.id)).toEqual([entry]);
    await store.createAnswered(entry, [41, 42]);
    await store.saveRecords(1, 'Company', [{ externalId: 'company__a', resId: 41, hash: 'h1', created: true }, { externalId: 'company__b', resId: 42, hash: 'h2', created: true }]);
    await store.finishCreate(entry, 'done');

    expect(await store.createEntries({ state: 'pending' })).toEqual([]);
    const records = await store.records('Company', ['company__a', 'company__b', 'company__c']);
    expect([...records.keys()].sort()).toEqual(['company__a', 'company__b']);
    expect(records.get('company__b')).toMatchObject({ resId: 42, hash: 'h2', createdRun: 1 });

    await store.saveRecords(2, 'Company', [{ externalId: 'company__a', resId: 41, hash: 'h3', created: false }]);
    expect((await store.records('Company', ['company__a'])).get('company__a')).toMatchObject({ hash: 'h3', createdRun: 1 });
    expect(await store.countRecords('Company')).toBe(2);
    await store.forgetRecords('Company', ['company__a']);
    expect(await store.countRecords('Company')).toBe(1);
    await store.close();
  });

  it('moves watermarks only when committed', async () => {
    const store = await open();
    await store.savePendingWatermark(3, 'WorkObject', { column: 'pxUpdateDateTime', value: '2024-01-01 00:00:00.000' });
    expect(await store.watermark('WorkObject')).toBeUndefined();
    await store.commitWatermarks(3, ['WorkObject']);
    expect(await store.watermark('WorkObject')).toEqual({ column: 'pxUpdateDateTime', value: '2024-01-01 00:00:00.000' });
    await store.close();
  });
});

describe('sqlite state lock', () => {
  it('names the holder to a second process', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pmap-state-')), 'state.db');
    const first = SqliteStateStore.open(path);
    const second = SqliteStateStore.open(path);
    await first.acquireLock(holder('aaaa1111'));
    await expect(second.acquireLock(holder('bbbb2222'))).rejects.toThrow(StateLockedError);
    await expect(second.acquireLock(holder('bbbb2222'))).rejects.toThrow(/tester@.*since 2026-12-05T00:00:00.000Z \(lock id aaaa1111\).*pmap force-unlock aaaa1111/);
    await first.releaseLock('aaaa1111');
    await second.acquireLock(holder('bbbb2222'));
    await first.close();
    await second.close();
  });

  it('takes over the lock of a local process that is gone', async () => {
    const store = SqliteStateStore.open(join(mkdtempSync(join(tmpdir(), 'pmap-state-')), 'state.db'));
    // No process has a pid this high on Linux (pid_max is at most 4194304).
    await store.acquireLock(holder('dead0001', 4_999_999));
    await store.acquireLock(holder('live0002'));
    expect((await store.currentLock())!.lockId).toBe('live0002');
    await store.close();
  });

  it('releases a foreign lock only by its id', async () => {
    const store = SqliteStateStore.open(join(mkdtempSync(join(tmpdir(), 'pmap-state-')), 'state.db'));
    await store.acquireLock(holder('far00001', 1, 'another-host'));
    expect(await store.forceUnlock('wrong000')).toBeUndefined();
    expect((await store.forceUnlock('far00001'))!.host).toBe('another-host');
    expect(await store.currentLock()).toBeUndefined();
    await store.close();
  });

  it('rejects a file that is not a state file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pmap-state-')), 'state.db');
    const other = new Database(path);
    other.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '99')");
    other.close();
    expect(() => SqliteStateStore.open(path)).toThrow(StateStoreError);
    expect(() => SqliteStateStore.open(path)).toThrow(/newer pmap \(state schema 99/);
  });
});

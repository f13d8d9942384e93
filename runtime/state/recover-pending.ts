import type { OdooClient } from '../odoo/odoo-client.js';
import { findCreatedRecords } from './recover-create.js';
import type { CreateEntry, StateStore } from './state-store.js';

/**
 * Finishes the create calls an earlier run journaled but never saw through,
 * because the process died between sending a create and recording its
 * external ids. Records the call made get their external ids now; a call
 * that made nothing is dropped. After this, a re-run cannot duplicate them.
 */
export async function recoverPendingCreates(store: StateStore, client: OdooClient, moduleOf: (object: string) => string): Promise<number> {
  let recovered = 0;
  const entries = await store.createEntries({});
  for (const entry of entries.filter((candidate) => candidate.state === 'pending')) {
    // With concurrency, a run can leave more than one pending create of a model; the next one bounds this one's ids.
    const next = entries.find((candidate) => candidate.id > entry.id && candidate.model === entry.model);
    recovered += await recoverEntry(store, client, entry, moduleOf(entry.object), next?.maxIdBefore);
  }
  return recovered;
}

async function recoverEntry(store: StateStore, client: OdooClient, entry: CreateEntry, module: string, maxIdAfter: number | undefined): Promise<number> {
  const labelled = await client.searchRead('ir.model.data', [['module', '=', module], ['model', '=', entry.model], ['name', 'in', [...entry.externalIds]]], ['name', 'res_id']);
  const byName = new Map(labelled.map((row) => [String(row.name), Number(row.res_id)]));
  if (byName.size === entry.externalIds.length) {
    await finish(store, entry, entry.externalIds.map((name) => byName.get(name)!));
    return entry.externalIds.length;
  }

  let resIds = entry.resIds ? [...entry.resIds] : await findCreatedRecords(client, { ...entry, ...(maxIdAfter !== undefined ? { maxIdAfter } : {}) }, module);
  if (resIds.length === 0) {
    await store.finishCreate(entry.id, 'dropped');
    return 0;
  }
  if (entry.resIds) {
    // The ids are known; keep only records that still exist.
    const existing = new Set((await client.searchRead(entry.model, [['id', 'in', resIds]], ['id'])).map((record) => record.id));
    if (existing.size !== resIds.length) resIds = resIds.filter((id) => existing.has(id));
    if (resIds.length !== entry.externalIds.length) {
      await store.finishCreate(entry.id, 'dropped');
      return 0;
    }
  }

  const missing = entry.externalIds.map((name, index) => ({ name, resId: resIds[index]! })).filter(({ name }) => !byName.has(name));
  await client.create('ir.model.data', missing.map(({ name, resId }) => ({ module, name, model: entry.model, res_id: resId, noupdate: true })));
  await finish(store, entry, resIds);
  return missing.length;
}

async function finish(store: StateStore, entry: CreateEntry, resIds: readonly number[]): Promise<void> {
  await store.saveRecords(entry.runId, entry.object, entry.externalIds.map((externalId, index) => ({ externalId, resId: resIds[index]!, hash: entry.hashes[index]!, created: true })));
  await store.finishCreate(entry.id, 'done');
}

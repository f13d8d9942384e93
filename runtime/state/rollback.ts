import type { OdooClient } from '../odoo/odoo-client.js';
import { importContext } from '../odoo/odoo-client.js';
import type { CreateEntry, PreImage, RunInfo, StateStore } from './state-store.js';

/** The changes a rollback of one run makes, counted before anything is sent. */
export interface RunRollbackPreview {
  readonly run: RunInfo;
  /** Records the run created, per model; they are deleted. */
  readonly created: Readonly<Record<string, number>>;
  /** Records the run changed but did not create; their earlier values are written back. */
  readonly restored: number;
  /** Existing records the run adopted through `match`; they lose pmap's external id. */
  readonly adopted: number;
  /** Custom fields the run added; dropped only with `dropFields`. */
  readonly fields: readonly string[];
}

export interface RollbackOptions {
  readonly store: StateStore;
  readonly client: OdooClient;
  /** External id module per object, from the plan; `fallbackModule` for objects no longer in it. */
  readonly modules: ReadonlyMap<string, string>;
  readonly fallbackModule: string;
  readonly dropFields: boolean;
  readonly onStep?: (message: string) => void;
}

const UNLINK_CHUNK = 500;

/** Counts what rolling back each run would do. */
export async function previewRollback(store: StateStore, runs: readonly RunInfo[]): Promise<RunRollbackPreview[]> {
  const previews: RunRollbackPreview[] = [];
  for (const run of runs) {
    const created: Record<string, number> = {};
    for (const entry of await store.createEntries({ runId: run.id })) {
      if (entry.state !== 'done' && entry.state !== 'pending') continue;
      created[entry.model] = (created[entry.model] ?? 0) + entry.externalIds.length;
    }
    const preImages = (await store.preImages(run.id)).filter((image) => !image.restored);
    const fields = (await store.createdFields(run.id)).filter((field) => !field.dropped).map((field) => `${field.model}.${field.name}`);
    previews.push({
      run,
      created,
      restored: preImages.filter((image) => Object.keys(image.values).length > 0).length,
      adopted: preImages.filter((image) => image.adopted).length,
      fields,
    });
  }
  return previews;
}

/**
 * Undoes runs, newest first. For each run it writes back the pre-images of
 * the records it changed and removes the external ids of records it
 * adopted. Then it deletes the records it created, newest first, and, when
 * asked, drops the custom fields it added. Every step is marked in the state
 * once Odoo confirmed it, and each is safe to repeat, so a killed rollback
 * resumes where it stopped.
 */
export async function rollbackRuns(runs: readonly RunInfo[], options: RollbackOptions): Promise<void> {
  for (const run of runs) {
    await restorePreImages(run, options);
    await deleteCreatedRecords(run, options);
    if (options.dropFields) await dropCreatedFields(run, options);
    await options.store.finishRun(run.id, 'rolled-back');
  }
}

async function restorePreImages(run: RunInfo, options: RollbackOptions): Promise<void> {
  const { store, client } = options;
  const pending = (await store.preImages(run.id)).filter((image) => !image.restored).reverse();
  if (pending.length > 0) options.onStep?.(`run ${run.id}: restoring ${pending.length} records it changed`);

  for (const image of pending) {
    const exists = (await client.searchRead(image.model, [['id', '=', image.resId]], ['id'])).length > 0;
    if (exists && Object.keys(image.values).length > 0) {
      await client.executeKw(image.model, 'write', [[image.resId], image.values], { context: importContext });
    }
    if (image.adopted) await removeExternalId(image, options);
    await store.clearHashes(image.object, [image.externalId]);
    if (image.adopted) await store.forgetRecords(image.object, [image.externalId]);
    await store.markRestored(run.id, image.model, image.resId);
  }
}

/** Removes the external id a run gave an adopted record, which itself stays. */
async function removeExternalId(image: PreImage, options: RollbackOptions): Promise<void> {
  const module = options.modules.get(image.object) ?? options.fallbackModule;
  const rows = await options.client.searchRead('ir.model.data', [['module', '=', module], ['name', '=', image.externalId], ['model', '=', image.model]], ['id']);
  if (rows.length > 0) await options.client.executeKw('ir.model.data', 'unlink', [rows.map((row) => row.id)]);
}

async function deleteCreatedRecords(run: RunInfo, options: RollbackOptions): Promise<void> {
  const { store, client } = options;
  const entries = (await store.createEntries({ runId: run.id })).filter((entry) => entry.state === 'done' || entry.state === 'pending').reverse();
  const total = entries.reduce((sum, entry) => sum + entry.externalIds.length, 0);
  if (total > 0) options.onStep?.(`run ${run.id}: deleting ${total} records it created`);

  for (const entry of entries) {
    const ids = entry.resIds ?? (await idsByExternalId(entry, options));
    for (let start = 0; start < ids.length; start += UNLINK_CHUNK) {
      const chunk = ids.slice(start, start + UNLINK_CHUNK);
      // Deleting an id that is already gone faults in Odoo, so only existing ones are sent.
      const existing = (await client.searchRead(entry.model, [['id', 'in', chunk]], ['id'])).map((record) => record.id);
      if (existing.length > 0) await client.executeKw(entry.model, 'unlink', [existing]);
    }
    await store.forgetRecords(entry.object, entry.externalIds);
    await store.finishCreate(entry.id, 'rolled-back');
  }
}

/** The ids of a journaled create whose response never arrived, found through the external ids it got. */
async function idsByExternalId(entry: CreateEntry, options: RollbackOptions): Promise<number[]> {
  const module = options.modules.get(entry.object) ?? options.fallbackModule;
  const rows = await options.client.searchRead('ir.model.data', [['module', '=', module], ['model', '=', entry.model], ['name', 'in', [...entry.externalIds]]], ['res_id']);
  return rows.map((row) => Number(row.res_id));
}

async function dropCreatedFields(run: RunInfo, options: RollbackOptions): Promise<void> {
  const { store, client } = options;
  for (const field of await store.createdFields(run.id)) {
    if (field.dropped) continue;
    options.onStep?.(`run ${run.id}: dropping the custom field ${field.model}.${field.name}`);
    const rows = await client.searchRead('ir.model.fields', [['model', '=', field.model], ['name', '=', field.name]], ['id']);
    if (rows.length > 0) await client.executeKw('ir.model.fields', 'unlink', [rows.map((row) => row.id)]);
    await store.markFieldDropped(run.id, field.model, field.name);
  }
}

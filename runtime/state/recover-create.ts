import type { OdooClient } from '../odoo/odoo-client.js';
import { StateStoreError } from './state-store.js';

/**
 * Finds the records that a create call made when its response never arrived:
 * records of the model above the highest id seen before the call, created by
 * pmap's user, that carry no external id of `module`. One create call makes
 * all its records or none, in order of ascending ids, so the result is the
 * call's ids or an empty list. Anything else means another process created
 * records of this model meanwhile, and guessing could attach ids to the
 * wrong records, so it stops.
 *
 * `maxIdAfter`, when known, closes the window from above: the highest id
 * the next journaled create of the model saw before it was sent. Creates of
 * one model are sent one at a time, so that create's records are above it.
 */
export async function findCreatedRecords(
  client: OdooClient,
  entry: { model: string; maxIdBefore: number; maxIdAfter?: number; externalIds: readonly string[] },
  module: string,
): Promise<number[]> {
  const window: unknown[] = [['id', '>', entry.maxIdBefore], ...(entry.maxIdAfter !== undefined ? [['id', '<=', entry.maxIdAfter]] : [])];
  const candidates = await client.searchRead(entry.model, [...window, ['create_uid', '=', client.uid]], ['id'], { order: 'id' });
  const ids = candidates.map((record) => record.id);
  if (ids.length === 0) return [];

  const labelled = await client.searchRead('ir.model.data', [['module', '=', module], ['model', '=', entry.model], ['res_id', 'in', ids]], ['res_id']);
  const taken = new Set(labelled.map((row) => Number(row.res_id)));
  const orphans = ids.filter((id) => !taken.has(id));
  if (orphans.length === 0 || orphans.length === entry.externalIds.length) return orphans;

  throw new StateStoreError(
    `cannot tell which ${entry.model} records an interrupted create made: ${orphans.length} records without external ids were created after id ${entry.maxIdBefore} ` +
      `(ids ${orphans.slice(0, 10).join(', ')}${orphans.length > 10 ? ', …' : ''}), but the call sent ${entry.externalIds.length}. ` +
      'Another process may have created records with the same user; delete the extra records in Odoo or give them the external ids by hand, then run pmap apply again',
  );
}

/** Returns the highest id of a model, archived records included, or 0 when it has none. */
export async function maxRecordId(client: OdooClient, model: string): Promise<number> {
  const rows = await client.searchRead(model, [], ['id'], { order: 'id desc', limit: 1 });
  return rows[0]?.id ?? 0;
}

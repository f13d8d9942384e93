import type { PlanPhase } from '../compiler/plan-types.js';
import { normalizeReadValue, sameOdooValue, type OdooValue } from './convert-value.js';
import { OdooFault } from './odoo/odoo-errors.js';
import { odooStoredForm } from './odoo-stored-form.js';
import type { OdooClient } from './odoo/odoo-client.js';

/** A record ready to send: its values converted for Odoo and its external id name. */
export interface PreparedRecord {
  readonly key: string;
  readonly externalId: string;
  readonly values: Record<string, OdooValue>;
}

export interface BatchResult {
  created: number;
  updated: number;
  unchanged: number;
}

type RejectRecord = (record: PreparedRecord, fault: OdooFault) => void;

/**
 * Upserts a batch by external id. Records whose id exists are compared with
 * what Odoo stores and written only when a value differs. The others are
 * created with one `create` call and get their external ids right after.
 */
export async function upsertBatch(
  phase: PlanPhase,
  records: readonly PreparedRecord[],
  client: OdooClient,
  rejectRecord: RejectRecord,
): Promise<BatchResult> {
  const result: BatchResult = { created: 0, updated: 0, unchanged: 0 };
  if (records.length === 0) return result;

  const existing = await findExisting(phase, records, client);
  const toCreate = records.filter((record) => !existing.has(record.externalId));
  const toUpdate = records.filter((record) => existing.has(record.externalId));

  await updateRecords(phase, toUpdate, existing, client, rejectRecord, result);
  await createRecords(phase, toCreate, client, rejectRecord, result);
  return result;
}

async function findExisting(phase: PlanPhase, records: readonly PreparedRecord[], client: OdooClient): Promise<Map<string, { dataId: number; resId: number }>> {
  const rows = await client.searchRead(
    'ir.model.data',
    [['module', '=', phase.externalId.module], ['model', '=', phase.model], ['name', 'in', records.map((record) => record.externalId)]],
    ['name', 'res_id'],
  );
  return new Map(rows.map((row) => [String(row.name), { dataId: row.id, resId: Number(row.res_id) }]));
}

async function updateRecords(
  phase: PlanPhase,
  records: readonly PreparedRecord[],
  existing: Map<string, { dataId: number; resId: number }>,
  client: OdooClient,
  rejectRecord: RejectRecord,
  result: BatchResult,
): Promise<void> {
  if (records.length === 0) return;
  const ids = records.map((record) => existing.get(record.externalId)!.resId);
  const stored = new Map((await client.read(phase.model, ids, phase.fields.map((field) => field.field))).map((row) => [row.id, row]));
  const recreate: PreparedRecord[] = [];

  for (const record of records) {
    const link = existing.get(record.externalId)!;
    const current = stored.get(link.resId);
    if (!current) {
      // The external id outlived its record (deleted in Odoo without unlink): create it again.
      recreate.push(record);
      continue;
    }
    const changed = changedValues(phase, record.values, current);
    if (Object.keys(changed).length === 0) {
      result.unchanged += 1;
      continue;
    }
    try {
      await client.write(phase.model, [link.resId], changed);
      result.updated += 1;
    } catch (error) {
      if (!(error instanceof OdooFault)) throw error;
      rejectRecord(record, error);
    }
  }

  if (recreate.length === 0) return;
  const staleIds = recreate.map((record) => existing.get(record.externalId)!.dataId);
  await client.executeKw('ir.model.data', 'unlink', [staleIds]);
  await createRecords(phase, recreate, client, rejectRecord, result);
}

function changedValues(phase: PlanPhase, values: Record<string, OdooValue>, current: Record<string, unknown>): Record<string, OdooValue> {
  const changed: Record<string, OdooValue> = {};
  for (const field of phase.fields) {
    const sent = values[field.field]!;
    const expected = typeof sent === 'string' ? odooStoredForm(phase.model, field.field, sent) : sent;
    if (!sameOdooValue(expected, normalizeReadValue(current[field.field], field), field)) changed[field.field] = sent;
  }
  return changed;
}

/**
 * Creates records in one call. When Odoo rejects the call, the batch is split
 * in halves until each bad record is alone in a call and is rejected with
 * Odoo's own message, so one bad record never sinks the others.
 */
async function createRecords(
  phase: PlanPhase,
  records: readonly PreparedRecord[],
  client: OdooClient,
  rejectRecord: RejectRecord,
  result: BatchResult,
): Promise<void> {
  if (records.length === 0) return;

  let ids: number[];
  try {
    ids = await client.create(phase.model, records.map((record) => record.values));
  } catch (error) {
    if (!(error instanceof OdooFault)) throw error;
    if (records.length === 1) {
      rejectRecord(records[0]!, error);
      return;
    }
    const middle = Math.ceil(records.length / 2);
    await createRecords(phase, records.slice(0, middle), client, rejectRecord, result);
    await createRecords(phase, records.slice(middle), client, rejectRecord, result);
    return;
  }

  // NOTE: Odoo offers no call that creates records and their external ids in
  // one transaction. If the process dies between these two calls, the new
  // records exist without external ids and a re-run creates them again.
  await client.create(
    'ir.model.data',
    records.map((record, index) => ({
      module: phase.externalId.module,
      name: record.externalId,
      model: phase.model,
      res_id: ids[index]!,
      noupdate: true,
    })),
  );
  result.created += records.length;
}

import type { PlanPhase } from '../compiler/plan-types.js';
import { normalizeReadValue, sameOdooValue, type OdooValue } from './convert-value.js';
import { escapeLike } from './odoo/like-pattern.js';
import { OdooFault } from './odoo/odoo-errors.js';
import type { RejectReason } from './reject.js';
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

/** Rejects a record, with Odoo's fault or with pmap's own reason. */
export type RejectRecord = (record: PreparedRecord, cause: OdooFault | RejectReason) => void;

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
  let toCreate = records.filter((record) => !existing.has(record.externalId));
  const toUpdate = records.filter((record) => existing.has(record.externalId));

  if (phase.mode === 'create-only') {
    // Records created by an earlier run stay as they are in Odoo.
    result.unchanged += toUpdate.length;
  } else {
    await updateRecords(phase, toUpdate, existing, client, rejectRecord, result);
  }

  if (phase.match) {
    const adopted = await adoptMatches(phase, phase.match.field, toCreate, client, rejectRecord);
    toCreate = toCreate.filter((record) => !adopted.handled.has(record));
    if (adopted.records.length > 0) await updateRecords(phase, adopted.records, adopted.links, client, rejectRecord, result);
  }
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

/**
 * Finds, for records about to be created, an existing Odoo record whose
 * match field has the same value (case-insensitively for text) and gives it
 * the record's external id, so the record updates it instead of creating a
 * duplicate. Zero matches leave the record to be created; several matches,
 * or a match already adopted for another source record, reject it.
 */
async function adoptMatches(
  phase: PlanPhase,
  field: string,
  records: readonly PreparedRecord[],
  client: OdooClient,
  rejectRecord: RejectRecord,
): Promise<{ records: PreparedRecord[]; links: Map<string, { dataId: number; resId: number }>; handled: Set<PreparedRecord> }> {
  const adopted: PreparedRecord[] = [];
  const links = new Map<string, { dataId: number; resId: number }>();
  const handled = new Set<PreparedRecord>();
  const definition = phase.fields.find((entry) => entry.field === field)!;
  const isText = definition.type === 'char' || definition.type === 'text';
  const comparable = (value: unknown) => (isText ? String(value).toLowerCase() : value);

  // Two records of one batch with one match value would both adopt or both be
  // created. So the first goes on and the others are rejected, as in later batches.
  const firstByValue = new Map<unknown, PreparedRecord>();
  const withValue: PreparedRecord[] = [];
  for (const record of records) {
    const value = record.values[field];
    if (value === false || value === '') continue;
    const first = firstByValue.get(comparable(value));
    if (first) {
      handled.add(record);
      rejectRecord(record, {
        code: 'ambiguous-match',
        message: `match ${field}: ${JSON.stringify(String(value))} is also the ${field} of ${first.key} in this run; merge such records with a dedupe rule`,
        summary: `match ${field} is ambiguous or already taken`,
      });
      continue;
    }
    firstByValue.set(comparable(value), record);
    withValue.push(record);
  }
  if (withValue.length === 0) return { records: adopted, links, handled };

  const leaves = withValue.map((record) => (isText ? [field, '=ilike', escapeLike(String(record.values[field]))] : [field, '=', record.values[field]]));
  const domain = [...Array(Math.max(0, leaves.length - 1)).fill('|'), ...leaves];
  const candidates = await client.searchRead(phase.model, domain, [field]);
  const taken = await externalIdsOf(phase, candidates.map((candidate) => candidate.id), client);

  for (const record of withValue) {
    const value = String(record.values[field]);
    const matches = candidates.filter((candidate) => comparable(candidate[field]) === comparable(record.values[field]));
    if (matches.length === 0) continue;
    handled.add(record);
    const free = matches.filter((candidate) => !taken.has(candidate.id));
    if (matches.length > 1 || free.length === 0) {
      const why = matches.length > 1
        ? `${matches.length} ${phase.model} records have ${field} = ${JSON.stringify(value)} (ids ${matches.map((candidate) => candidate.id).join(', ')}); pmap adopts only a single match`
        : `the ${phase.model} record with ${field} = ${JSON.stringify(value)} (id ${matches[0]!.id}) already carries the external id ${phase.externalId.module}.${taken.get(matches[0]!.id)}; merge duplicates with a dedupe rule`;
      rejectRecord(record, { code: 'ambiguous-match', message: `match ${field}: ${why}`, summary: `match ${field} is ambiguous or already taken` });
      continue;
    }
    const resId = free[0]!.id;
    // NOTE: the adopted record's values before this run are not kept yet, so a rollback cannot restore them.
    const [dataId] = await client.create('ir.model.data', [{ module: phase.externalId.module, name: record.externalId, model: phase.model, res_id: resId, noupdate: true }]);
    taken.set(resId, record.externalId);
    links.set(record.externalId, { dataId: dataId!, resId });
    adopted.push(record);
  }
  return { records: adopted, links, handled };
}

/**
 * Maps ids of `model` records to the pmap external id they carry. A record
 * with one was loaded for some source record (of this or another object,
 * such as a company partner), so it is not free to adopt.
 */
async function externalIdsOf(phase: PlanPhase, ids: number[], client: OdooClient): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await client.searchRead('ir.model.data', [['module', '=', phase.externalId.module], ['model', '=', phase.model], ['res_id', 'in', ids]], ['name', 'res_id']);
  return new Map(rows.map((row) => [Number(row.res_id), String(row.name)]));
}

function changedValues(phase: PlanPhase, values: Record<string, OdooValue>, current: Record<string, unknown>): Record<string, OdooValue> {
  const changed: Record<string, OdooValue> = {};
  for (const field of phase.fields) {
    if (field.secondPass) continue;
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

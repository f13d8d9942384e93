import type { PlanPhase } from '../compiler/plan-types.js';
import { normalizeReadValue, sameOdooValue, type OdooValue } from './convert-value.js';
import { escapeLike } from './odoo/like-pattern.js';
import { OdooFault } from './odoo/odoo-errors.js';
import type { RejectReason } from './reject.js';
import { odooStoredForm } from './odoo-stored-form.js';
import type { OdooClient } from './odoo/odoo-client.js';
import { OdooOutcomeUnknownError } from './odoo/odoo-errors.js';
import type { CreateLocks } from './create-locks.js';
import type { LoadJournal } from './state/load-journal.js';
import { findCreatedRecords, maxRecordId } from './state/recover-create.js';

/** A record ready to send: its values converted for Odoo and its external id name. */
export interface PreparedRecord {
  readonly key: string;
  readonly externalId: string;
  readonly values: Record<string, OdooValue>;
  /** Hash of `values`, stored in the state so an unchanged record is not sent again. */
  readonly hash: string;
}

export interface BatchResult {
  created: number;
  updated: number;
  unchanged: number;
}

/** Rejects a record, with Odoo's fault or with pmap's own reason. */
export type RejectRecord = (record: PreparedRecord, cause: OdooFault | RejectReason) => void;

/** The context of one batch's upsert. */
interface Upsert {
  readonly phase: PlanPhase;
  readonly client: OdooClient;
  readonly rejectRecord: RejectRecord;
  /** The state journal; without one, nothing is recorded and a create whose response was lost stops the phase. */
  readonly journal: LoadJournal | undefined;
  /** Makes journaled creates of one model take turns (see CreateLocks); absent when creates never overlap. */
  readonly createLocks: CreateLocks | undefined;
  readonly result: BatchResult;
}

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
  journal?: LoadJournal,
  knownIds?: ReadonlyMap<string, number>,
  createLocks?: CreateLocks,
): Promise<BatchResult> {
  const upsert: Upsert = { phase, client, rejectRecord, journal, createLocks, result: { created: 0, updated: 0, unchanged: 0 } };
  if (records.length === 0) return upsert.result;

  // A trusted state contains every external id of this object, so Odoo is not queried for them.
  const existing = knownIds ? new Map([...knownIds].map(([name, resId]) => [name, { resId }])) : await findExisting(phase, records, client);
  let toCreate = records.filter((record) => !existing.has(record.externalId));
  const toUpdate = records.filter((record) => existing.has(record.externalId));

  if (phase.mode === 'create-only') {
    // Records created by an earlier run stay as they are in Odoo.
    upsert.result.unchanged += toUpdate.length;
    await journal?.settled(toUpdate.map((record) => ({ externalId: record.externalId, resId: existing.get(record.externalId)!.resId, hash: record.hash })));
  } else {
    await updateRecords(upsert, toUpdate, existing);
  }

  if (phase.match) {
    const adopted = await adoptMatches(upsert, phase.match.field, toCreate);
    toCreate = toCreate.filter((record) => !adopted.handled.has(record));
    if (adopted.records.length > 0) await updateRecords(upsert, adopted.records, adopted.links);
  }
  await createRecords(upsert, toCreate);
  return upsert.result;
}

/** The target of a record's external id; `dataId` is the ir.model.data row, when it was read. */
interface ExistingRecord {
  readonly dataId?: number;
  readonly resId: number;
}

async function findExisting(phase: PlanPhase, records: readonly PreparedRecord[], client: OdooClient): Promise<Map<string, ExistingRecord>> {
  const rows = await client.searchRead(
    'ir.model.data',
    [['module', '=', phase.externalId.module], ['model', '=', phase.model], ['name', 'in', records.map((record) => record.externalId)]],
    ['name', 'res_id'],
  );
  return new Map(rows.map((row) => [String(row.name), { dataId: row.id, resId: Number(row.res_id) }]));
}

async function updateRecords(upsert: Upsert, records: readonly PreparedRecord[], existing: Map<string, ExistingRecord>): Promise<void> {
  const { phase, client, rejectRecord, journal, result } = upsert;
  if (records.length === 0) return;
  const ids = records.map((record) => existing.get(record.externalId)!.resId);
  const stored = new Map((await client.read(phase.model, ids, phase.fields.map((field) => field.field))).map((row) => [row.id, row]));
  const recreate: PreparedRecord[] = [];
  const settled: { externalId: string; resId: number; hash: string }[] = [];
  // Records that need the same changes share one write call, as Odoo takes a list of ids.
  const writes = new Map<string, { changed: Record<string, OdooValue>; records: { record: PreparedRecord; resId: number }[] }>();

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
      settled.push({ externalId: record.externalId, resId: link.resId, hash: record.hash });
      continue;
    }
    await journal?.beforeWrite(record.externalId, link.resId, preImage(phase, changed, current));
    const key = JSON.stringify(Object.entries(changed).sort(([a], [b]) => (a < b ? -1 : 1)));
    const group = writes.get(key) ?? { changed, records: [] };
    group.records.push({ record, resId: link.resId });
    writes.set(key, group);
  }

  for (const { changed, records: group } of writes.values()) {
    await writeGroup(upsert, changed, group, settled);
  }
  await journal?.settled(settled);

  if (recreate.length === 0) return;
  const stale = await findExisting(phase, recreate, client);
  if (stale.size > 0) await client.executeKw('ir.model.data', 'unlink', [[...stale.values()].map((link) => link.dataId)]);
  await createRecords(upsert, recreate);
}

/**
 * Writes the same changes to several records in one call. When Odoo rejects
 * the call, each record is written alone, so only the bad ones are rejected.
 */
async function writeGroup(
  upsert: Upsert,
  changed: Record<string, OdooValue>,
  group: readonly { record: PreparedRecord; resId: number }[],
  settled: { externalId: string; resId: number; hash: string }[],
): Promise<void> {
  const { phase, client, rejectRecord, result } = upsert;
  try {
    await client.write(phase.model, group.map((entry) => entry.resId), changed);
  } catch (error) {
    if (!(error instanceof OdooFault)) throw error;
    if (group.length === 1) {
      rejectRecord(group[0]!.record, error);
      return;
    }
    for (const entry of group) await writeGroup(upsert, changed, [entry], settled);
    return;
  }
  result.updated += group.length;
  for (const { record, resId } of group) settled.push({ externalId: record.externalId, resId, hash: record.hash });
}

/** Returns the stored values of the fields about to change, in the form `write` takes, so a rollback can put them back. */
function preImage(phase: PlanPhase, changed: Record<string, OdooValue>, current: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of phase.fields) {
    if (field.field in changed) values[field.field] = normalizeReadValue(current[field.field], field);
  }
  return values;
}

/**
 * Finds, for records about to be created, an existing Odoo record whose
 * match field has the same value (case-insensitively for text) and gives it
 * the record's external id, so the record updates it instead of creating a
 * duplicate. Zero matches leave the record to be created; several matches,
 * or a match already adopted for another source record, reject it.
 */
async function adoptMatches(
  upsert: Upsert,
  field: string,
  records: readonly PreparedRecord[],
): Promise<{ records: PreparedRecord[]; links: Map<string, ExistingRecord>; handled: Set<PreparedRecord> }> {
  const { phase, client, rejectRecord, journal } = upsert;
  const adopted: PreparedRecord[] = [];
  const links = new Map<string, ExistingRecord>();
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
    // The adoption is journaled first, so a rollback removes the external id
    // even if the process dies right after creating it.
    await journal?.beforeWrite(record.externalId, resId, {}, true);
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

export function changedValues(phase: PlanPhase, values: Record<string, OdooValue>, current: Record<string, unknown>): Record<string, OdooValue> {
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
async function createRecords(upsert: Upsert, records: readonly PreparedRecord[]): Promise<void> {
  const { phase, client, rejectRecord, journal, result } = upsert;
  if (records.length === 0) return;

  // The lock is released before a bisect, whose halves take it again.
  const sent = journal && upsert.createLocks
    ? await upsert.createLocks.run(phase.model, () => sendCreate(upsert, records))
    : await sendCreate(upsert, records);
  if ('fault' in sent) {
    if (records.length === 1) {
      rejectRecord(records[0]!, sent.fault);
      return;
    }
    const middle = Math.ceil(records.length / 2);
    await createRecords(upsert, records.slice(0, middle));
    await createRecords(upsert, records.slice(middle));
    return;
  }

  const { entry, ids } = sent;
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
  if (entry !== undefined) await journal!.createDone(entry, records, ids);
  result.created += records.length;
}

/**
 * Journals and sends one create call. Returns the new ids, with the journal
 * entry that stores them, or Odoo's fault when it rejected the call.
 */
async function sendCreate(upsert: Upsert, records: readonly PreparedRecord[]): Promise<{ entry: number | undefined; ids: number[] } | { fault: OdooFault }> {
  const { phase, client, journal } = upsert;

  // Odoo has no call that creates records and their external ids in one
  // transaction. The journal entry written first lets the next run find the
  // records of a create whose response, or whose external ids, never came.
  const maxIdBefore = journal ? await maxRecordId(client, phase.model) : 0;
  const entry = journal ? await journal.beforeCreate(records, maxIdBefore) : undefined;
  let ids: number[];
  try {
    ids = await client.create(phase.model, records.map((record) => record.values));
  } catch (error) {
    if (entry !== undefined && error instanceof OdooOutcomeUnknownError) {
      ids = await recoverLostAnswer(upsert, records, maxIdBefore);
    } else {
      if (!(error instanceof OdooFault)) throw error;
      if (entry !== undefined) await journal!.createFailed(entry);
      return { fault: error };
    }
  }
  if (entry !== undefined) await journal!.createAnswered(entry, ids);
  return { entry, ids };
}

/**
 * Handles a create whose response was lost: finds the records it made, or,
 * when it made none, sends it once more. Either way nothing is duplicated.
 */
async function recoverLostAnswer(upsert: Upsert, records: readonly PreparedRecord[], maxIdBefore: number): Promise<number[]> {
  const { phase, client } = upsert;
  const found = await findCreatedRecords(client, { model: phase.model, maxIdBefore, externalIds: records.map((record) => record.externalId) }, phase.externalId.module);
  if (found.length > 0) return found;
  return client.create(phase.model, records.map((record) => record.values));
}

import type { PlanPhase } from '../compiler/plan-types.js';
import type { PhaseReport } from './apply-report.js';
import { toOdooValue, type OdooValue } from './convert-value.js';
import { evaluateExpression, isPendingReference, type EvaluatedValue, type EvaluationContext } from './evaluate-expression.js';
import { externalIdName, externalIdPattern } from './external-id.js';
import { OdooFault } from './odoo/odoo-errors.js';
import type { OdooClient } from './odoo/odoo-client.js';
import { RecordRejected, type RejectReason } from './reject.js';
import type { RejectSink } from './reject-sink.js';
import { upsertBatch, type PreparedRecord } from './upsert-batch.js';
import { BatchPipeline } from './batch-pipeline.js';
import { chooseLane, contendedFields } from './contended-parents.js';
import type { CreateLocks } from './create-locks.js';
import { LoadLanes } from './load-lanes.js';
import { readPhaseRecords, recordProblem } from './read-phase-records.js';
import { validateRecord, type UniqueValues } from './validate-record.js';
import { businessKey, chooseDedupeWinners, dedupeKey, type DedupeWinners } from './dedupe.js';
import { postgresTimestampFromPega } from './sources/pega-text.js';
import type { SourceConnector, SourceRecord } from './sources/source.js';
import type { LoadJournal } from './state/load-journal.js';
import { recordHash } from './state/record-hash.js';

/** The run was asked to stop (Ctrl-C); it stopped after a committed batch. */
export class ApplyInterrupted extends Error {
  constructor(readonly object: string, readonly rows: number) {
    super(`stopped while loading ${object}, after ${rows} source rows; every batch sent so far is committed and recorded`);
    this.name = 'ApplyInterrupted';
  }
}

/** Running totals of one phase, kept by the caller so they survive a phase that fails halfway. */
export interface PhaseCounts {
  sourceRows: number;
  /** Records a dedupe rule removed because another record of their group was kept. */
  deduplicated: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows the object's `where` filters left out; absent while there are none. */
  filtered?: number;
}

export interface PhaseEnvironment {
  readonly client: OdooClient;
  readonly source: SourceConnector;
  readonly context: EvaluationContext;
  /** Every phase of the plan by object name, to build the external ids of referenced records. */
  readonly phases: ReadonlyMap<string, PlanPhase>;
  /**
   * Per object, the business key of each record a dedupe rule removed, mapped
   * to the key of the record kept, so that a `ref` to a removed duplicate
   * links to the record that stands for it.
   */
  readonly redirects: Map<string, Map<string, string>>;
  readonly rejects: RejectSink;
  /** Links the second pass could not write; their records are loaded, so they are not rejects. */
  readonly linkProblems: RejectSink;
  /** The state journal of this phase; without it the run leaves no state and sends every record. */
  readonly journal?: LoadJournal;
  /** The Odoo count of this object's external ids when the phase started, reused when the phase writes nothing. */
  readonly odooCountAtStart?: number;
  /**
   * Odoo ids of referenced records, taken from the state for objects whose
   * state matched Odoo at the start of the run. Ids of other objects are
   * read from Odoo.
   */
  readonly stateReferences?: (object: string, externalIds: readonly string[]) => Promise<Map<string, number> | undefined>;
  /**
   * The Pega DateTime property whose highest value this phase records as its
   * watermark, and, in a delta run, the UTC timestamp to read from.
   */
  readonly delta?: { readonly property: string; readonly since?: string };
  /** Called after each committed batch with the phase's running totals, for progress output. */
  readonly onBatch?: (counts: Readonly<PhaseCounts>, rejected: number) => void;
  /** Checked after each committed batch: once aborted, the phase stops there with ApplyInterrupted. */
  readonly signal?: AbortSignal;
  /**
   * The connections batches load on; one lane on `client` when absent.
   * Phase-wide calls (counts, the second pass) use `client`.
   */
  readonly lanes?: LoadLanes;
  /** Shared by every phase of a run, so journaled creates of one model never overlap. */
  readonly createLocks?: CreateLocks;
  /** Called when a batch's prepared records are about to be upserted and when they are committed, for tests and tracing. */
  readonly onBatchLoad?: (event: BatchLoadEvent) => void;
  /**
   * Replaces the upsert, for a run that only compares (`pmap verify`): it
   * receives each batch's records as they would be sent, and the second
   * pass's link values with the ids they would link to.
   */
  readonly compareOnly?: {
    batch(records: readonly PreparedRecord[]): Promise<void>;
    links(record: { key: string; externalId: string }, resId: number, expected: Record<string, OdooValue>, stored: Record<string, unknown> | undefined): void;
  };
}

/** A batch of one phase on its way to Odoo; `batch` numbers the phase's batches in the order they were sent. */
export interface BatchLoadEvent {
  readonly stage: 'sending' | 'committed';
  readonly batch: number;
  readonly records: readonly PreparedRecord[];
}

interface EvaluatedRecord {
  readonly key: string;
  readonly externalId: string;
  readonly values: Record<string, EvaluatedValue>;
}

/**
 * Loads one object: streams its Pega table, computes every record's fields,
 * and upserts the records in batches keyed by external id. Records that
 * cannot load are rejected one by one; the rest go on.
 */
export async function loadPhase(phase: PlanPhase, environment: PhaseEnvironment, counts: PhaseCounts): Promise<PhaseReport> {
  // NOTE: keys seen in this run stay in memory to catch duplicate keys. Runs
  // with more rows than memory allows need a state store for them.
  const seenKeys = new Set<string>();
  // NOTE: with concurrency above 1, `unique` is checked in the order batches
  // are sent, so which of two records with one value loads can vary by run.
  const uniqueValues: UniqueValues = new Map();
  const winners = phase.dedupe ? await chooseDedupeWinners(phase, phase.dedupe, environment.source, environment.context) : undefined;

  // NOTE: the second-pass values of every record are held in memory until the phase ends.
  const deferred: EvaluatedRecord[] = [];
  const hasSecondPass = phase.fields.some((field) => field.secondPass);
  const lanes = environment.lanes ?? LoadLanes.single(environment.client);
  const parentFields = contendedFields(phase, new Set([...environment.phases.values()].map((entry) => entry.model)));
  const pipeline = new BatchPipeline<EvaluatedRecord>({
    lanes,
    batchSize: phase.batchSize,
    laneOf: (record) => chooseLane(phase, record, parentFields, lanes.size, (ref, key) => {
      const target = environment.phases.get(ref)!;
      return `${target.externalId.module}.${referenceExternalId(target, key, environment)}`;
    }),
    load: async (batch, client, sequence) => {
      const result = await loadBatch(phase, batch, { ...environment, client }, uniqueValues, sequence);
      counts.created += result.created;
      counts.updated += result.updated;
      counts.unchanged += result.unchanged;
    },
    committed: async (mark) => {
      // The checkpoint advances only past records whose batches, and all batches before them, are committed.
      if (mark) await environment.journal?.checkpoint(mark.lastKey, mark.rows, false);
      environment.onBatch?.(counts, environment.rejects.count - counts.deduplicated);
      if (environment.signal?.aborted) throw new ApplyInterrupted(phase.object, counts.sourceRows);
    },
  });

  const delta = environment.delta;
  const since = delta?.since !== undefined ? { property: delta.property, from: delta.since } : undefined;
  let watermark: string | undefined;
  for await (const record of readPhaseRecords(phase, environment.source, environment.context, since, counts)) {
    counts.sourceRows += 1;
    if (delta) watermark = laterTimestamp(watermark, record[delta.property]);
    if (winners && isDuplicate(phase, record, winners, environment)) {
      counts.deduplicated += 1;
      continue;
    }
    const evaluated = evaluateRecord(phase, record, seenKeys, environment);
    if (!evaluated) continue;
    if (hasSecondPass) deferred.push(evaluated);
    await pipeline.add(evaluated, counts.sourceRows);
  }
  await pipeline.finish(counts.sourceRows);
  const links = hasSecondPass ? await linkPass(phase, deferred, environment) : { linked: 0 };
  await environment.journal?.checkpoint(null, counts.sourceRows, true);
  if (delta && watermark !== undefined) await environment.journal?.pendingWatermark(delta.property, watermark);

  // A phase that wrote nothing left the count it started with, so a no-change re-run skips a second count.
  const wroteNothing = counts.created === 0 && counts.updated === 0 && links.linked === 0;
  const odooCount = wroteNothing && environment.odooCountAtStart !== undefined ? environment.odooCountAtStart : await countExternalIds(phase, environment.client);
  return {
    object: phase.object,
    model: phase.model,
    status: 'succeeded',
    ...counts,
    rejected: environment.rejects.count - counts.deduplicated,
    rejectGroups: environment.rejects.rejectGroups(),
    linked: links.linked,
    linkProblems: environment.linkProblems.rejectGroups(),
    odooCount,
  };
}

/** Returns the later of a UTC timestamp and a Pega DateTime; text that is not a DateTime is ignored. */
function laterTimestamp(current: string | undefined, value: string | null | undefined): string | undefined {
  if (!value) return current;
  let timestamp: string;
  try {
    timestamp = postgresTimestampFromPega(value);
  } catch {
    return current;
  }
  return current === undefined || timestamp > current ? timestamp : current;
}

/** Counts the records of this phase's object that carry a pmap external id in Odoo. */
export function countExternalIds(phase: PlanPhase, client: OdooClient): Promise<number> {
  return client.searchCount('ir.model.data', [
    ['module', '=', phase.externalId.module],
    ['model', '=', phase.model],
    ['name', '=like', externalIdPattern(phase.externalId.prefix)],
  ]);
}

/** Records a record that a dedupe rule removes, with the key of the record kept in its place. */
function isDuplicate(phase: PlanPhase, record: SourceRecord, winners: DedupeWinners, environment: PhaseEnvironment): boolean {
  const group = dedupeKey(phase.dedupe!, record, environment.context);
  if (group === undefined) return false;
  const winner = winners.get(group);
  const key = businessKey(phase, record);
  if (winner === undefined || winner === key) return false;
  const redirects = environment.redirects.get(phase.object) ?? new Map<string, string>();
  redirects.set(key, winner);
  environment.redirects.set(phase.object, redirects);
  environment.rejects.add(describeKey(phase, record), {
    code: 'deduplicated',
    message: `removed by dedupe: same ${describeDedupe(phase)} as ${winner.replace(/\u001f/g, ' / ')}, which was kept (keep ${phase.dedupe!.keep})`,
    summary: `duplicate by ${describeDedupe(phase)}`,
  });
  return true;
}

function describeDedupe(phase: PlanPhase): string {
  return phase.dedupe!.keys.map((key) => (key.op === 'column' ? key.name : 'key')).join(', ');
}

function describeKey(phase: PlanPhase, record: SourceRecord): string {
  return phase.source.key.map((column) => record[column] ?? '(null)').join(' / ');
}

function evaluateRecord(
  phase: PlanPhase,
  record: SourceRecord,
  seenKeys: Set<string>,
  environment: PhaseEnvironment,
): EvaluatedRecord | undefined {
  const keyText = describeKey(phase, record);
  const keyParts = phase.source.key.map((column) => record[column]?.trim() ?? '');
  if (keyParts.some((part) => part === '')) {
    const columns = phase.source.key.join(', ');
    environment.rejects.add(keyText, { code: 'missing-key', message: `the key (${columns}) is empty`, summary: `empty key (${columns})` });
    return undefined;
  }

  const problem = recordProblem(record);
  if (problem) {
    environment.rejects.add(keyText, problem);
    return undefined;
  }

  const joinedKey = keyParts.join('\u001f');
  if (seenKeys.has(joinedKey)) {
    environment.rejects.add(keyText, {
      code: 'duplicate-key',
      message: `key ${keyText} occurs more than once in ${phase.source.table}; the first row was loaded`,
      summary: `duplicate key in ${phase.source.table}`,
    });
    return undefined;
  }
  seenKeys.add(joinedKey);

  const values: Record<string, EvaluatedValue> = {};
  try {
    for (const field of phase.fields) values[field.field] = evaluateExpression(field.expression, record, environment.context);
  } catch (error) {
    if (!(error instanceof RecordRejected)) throw error;
    environment.rejects.add(keyText, error.reason);
    return undefined;
  }
  return { key: keyText, externalId: externalIdName(phase.externalId.prefix, keyParts), values };
}

/**
 * Writes the fields that refer to records of the same object, once every
 * record of the phase exists. Records rejected in the first pass have no
 * external id, so they are skipped. A link whose target was not loaded is
 * reported, and the record keeps the field empty.
 */
async function linkPass(phase: PlanPhase, records: readonly EvaluatedRecord[], environment: PhaseEnvironment): Promise<{ linked: number }> {
  const linkFields = phase.fields.filter((field) => field.secondPass);
  const journal = environment.journal;
  let linked = 0;

  for (let start = 0; start < records.length; start += phase.batchSize) {
    let chunk = records.slice(start, start + phase.batchSize);
    const linkHashes = new Map(chunk.map((record) => [record.externalId, linkHash(linkFields.map((field) => field.field), record)]));
    if (journal?.trusted) {
      const stored = await journal.stored(chunk.map((record) => record.externalId));
      chunk = chunk.filter((record) => stored.get(record.externalId)?.linkHash !== linkHashes.get(record.externalId));
      if (chunk.length === 0) continue;
    }
    const own = await environment.client.searchRead(
      'ir.model.data',
      [['module', '=', phase.externalId.module], ['model', '=', phase.model], ['name', 'in', chunk.map((record) => record.externalId)]],
      ['name', 'res_id'],
    );
    const ids = new Map(own.map((row) => [String(row.name), Number(row.res_id)]));
    const loaded = chunk.filter((record) => ids.has(record.externalId));
    const referenceIds = await resolveReferences(loaded, environment);
    const current = new Map((await environment.client.read(phase.model, loaded.map((record) => ids.get(record.externalId)!), linkFields.map((field) => field.field))).map((row) => [row.id, row]));

    const settled: { externalId: string; linkHash: string }[] = [];
    for (const record of loaded) {
      const id = ids.get(record.externalId)!;
      const changes: Record<string, OdooValue> = {};
      let complete = true;
      for (const field of linkFields) {
        const value = record.values[field.field] ?? null;
        let target: OdooValue = false;
        if (isPendingReference(value)) {
          const found = referenceIds.get(referenceExternalId(environment.phases.get(value.ref)!, value.key, environment));
          if (found === undefined) {
            environment.linkProblems.add(record.key, {
              code: 'missing-reference',
              message: `${field.field}: no ${value.ref} with key ${JSON.stringify(value.key.join(' / '))} was loaded; the record is loaded without this link`,
              summary: `${field.field} links to a ${value.ref} that was not loaded`,
            });
            complete = false;
            continue;
          }
          target = found;
        } else if (value !== null) {
          target = toOdooValue(value, field);
        }
        const stored = current.get(id)?.[field.field];
        const storedId = Array.isArray(stored) ? stored[0] : (stored ?? false);
        if (storedId !== target) changes[field.field] = target;
      }
      if (environment.compareOnly) {
        environment.compareOnly.links(record, id, expectedLinks(linkFields, changes, current.get(id)), current.get(id));
        continue;
      }
      if (complete) settled.push({ externalId: record.externalId, linkHash: linkHashes.get(record.externalId)! });
      if (Object.keys(changes).length === 0) continue;
      if (journal) await journal.beforeWrite(record.externalId, id, linkPreImage(linkFields, changes, current.get(id)));
      await environment.client.write(phase.model, [id], changes);
      linked += 1;
    }
    await journal?.linksSettled(settled);
  }
  return { linked };
}

/** Returns the link values a record should have: the computed changes, or else its current values. */
function expectedLinks(fields: readonly PlanPhase['fields'][number][], changes: Record<string, OdooValue>, current: Record<string, unknown> | undefined): Record<string, OdooValue> {
  const expected: Record<string, OdooValue> = {};
  for (const field of fields) {
    if (field.field in changes) {
      expected[field.field] = changes[field.field]!;
      continue;
    }
    const stored = current?.[field.field];
    expected[field.field] = Array.isArray(stored) ? (stored[0] as number) : ((stored ?? false) as OdooValue);
  }
  return expected;
}

/** Hashes a record's second-pass values as evaluated (references by key, not by id). */
function linkHash(fields: readonly string[], record: EvaluatedRecord): string {
  return recordHash('links', Object.fromEntries(fields.map((field) => [field, record.values[field] ?? null])));
}

function linkPreImage(fields: readonly PlanPhase['fields'][number][], changes: Record<string, OdooValue>, current: Record<string, unknown> | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    if (!(field.field in changes)) continue;
    const stored = current?.[field.field];
    values[field.field] = Array.isArray(stored) ? stored[0] : (stored ?? false);
  }
  return values;
}

/** Resolves references, converts values and upserts; rejects what cannot be sent. */
async function loadBatch(
  phase: PlanPhase,
  batch: readonly EvaluatedRecord[],
  environment: PhaseEnvironment,
  uniqueValues: UniqueValues,
  sequence: number,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const referenceIds = await resolveReferences(batch, environment);
  const prepared: PreparedRecord[] = [];

  for (const record of batch) {
    let values: Record<string, OdooValue>;
    try {
      values = convertRecord(phase, record, referenceIds, environment);
    } catch (error) {
      if (!(error instanceof RecordRejected)) throw error;
      environment.rejects.add(record.key, error.reason);
      continue;
    }
    const failure = validateRecord(phase.validators, values, uniqueValues);
    if (failure) {
      environment.rejects.add(record.key, failure, values);
      continue;
    }
    prepared.push({ key: record.key, externalId: record.externalId, values, hash: recordHash(phase.model, values) });
  }

  if (environment.compareOnly) {
    await environment.compareOnly.batch(prepared);
    return { created: 0, updated: 0, unchanged: 0 };
  }
  environment.onBatchLoad?.({ stage: 'sending', batch: sequence, records: prepared });
  const { toSend, knownIds } = await skipUnchanged(prepared, environment.journal);
  const result = await upsertBatch(phase, toSend, environment.client, (record, cause) => {
    environment.rejects.add(record.key, cause instanceof OdooFault ? odooRejectReason(cause) : cause, record.values);
  }, environment.journal, knownIds, environment.createLocks);
  result.unchanged += prepared.length - toSend.length;
  environment.onBatchLoad?.({ stage: 'committed', batch: sequence, records: prepared });
  return result;
}

/**
 * Drops the records whose values hash as they did when Odoo last confirmed
 * them, and returns the Odoo ids the state records for the rest. Only a
 * trusted state is asked, so a reset or foreign Odoo still gets every
 * record compared with what it holds.
 */
async function skipUnchanged(prepared: PreparedRecord[], journal: LoadJournal | undefined): Promise<{ toSend: PreparedRecord[]; knownIds?: Map<string, number> }> {
  if (!journal?.trusted || prepared.length === 0) return { toSend: prepared };
  const stored = await journal.stored(prepared.map((record) => record.externalId));
  const toSend = prepared.filter((record) => stored.get(record.externalId)?.hash !== record.hash);
  const knownIds = new Map<string, number>();
  for (const record of toSend) {
    const known = stored.get(record.externalId);
    if (known) knownIds.set(record.externalId, known.resId);
  }
  return { toSend, knownIds };
}

function convertRecord(
  phase: PlanPhase,
  record: EvaluatedRecord,
  referenceIds: ReadonlyMap<string, number>,
  environment: PhaseEnvironment,
): Record<string, OdooValue> {
  const values: Record<string, OdooValue> = {};
  for (const field of phase.fields) {
    if (field.secondPass) continue;
    const value = record.values[field.field] ?? null;
    if (!isPendingReference(value)) {
      values[field.field] = toOdooValue(value, field);
      continue;
    }

    const target = environment.phases.get(value.ref)!;
    const externalId = referenceExternalId(target, value.key, environment);
    const id = referenceIds.get(externalId);
    if (id === undefined) {
      const keyText = value.key.join(' / ');
      throw new RecordRejected({
        code: 'missing-reference',
        message: `${field.field}: no ${value.ref} with key ${JSON.stringify(keyText)} was loaded (external id ${target.externalId.module}.${externalId} not found)`,
        summary: `${field.field} references a ${value.ref} that was not loaded`,
      });
    }
    values[field.field] = id;
  }
  return values;
}

function referenceExternalId(target: PlanPhase, key: readonly string[], environment: PhaseEnvironment): string {
  const trimmed = key.map((part) => part.trim());
  const kept = environment.redirects.get(target.object)?.get(trimmed.join('\u001f'));
  return externalIdName(target.externalId.prefix, kept === undefined ? trimmed : kept.split('\u001f'));
}

/** Looks up every referenced record of the batch by external id, in one call per module. */
async function resolveReferences(batch: readonly EvaluatedRecord[], environment: PhaseEnvironment): Promise<Map<string, number>> {
  const namesByModule = new Map<string, Set<string>>();
  const namesByObject = new Map<string, Set<string>>();
  for (const record of batch) {
    for (const value of Object.values(record.values)) {
      if (!isPendingReference(value)) continue;
      const target = environment.phases.get(value.ref)!;
      const name = referenceExternalId(target, value.key, environment);
      const names = namesByModule.get(target.externalId.module) ?? new Set<string>();
      names.add(name);
      namesByModule.set(target.externalId.module, names);
      const ofObject = namesByObject.get(value.ref) ?? new Set<string>();
      ofObject.add(name);
      namesByObject.set(value.ref, ofObject);
    }
  }

  const ids = new Map<string, number>();
  if (environment.stateReferences) {
    for (const [object, names] of namesByObject) {
      const found = await environment.stateReferences(object, [...names]);
      if (!found) continue;
      for (const [name, id] of found) ids.set(name, id);
      const module = environment.phases.get(object)!.externalId.module;
      for (const name of found.keys()) namesByModule.get(module)?.delete(name);
    }
  }
  for (const [module, names] of namesByModule) {
    if (names.size === 0) continue;
    const rows = await environment.client.searchRead('ir.model.data', [['module', '=', module], ['name', 'in', [...names]]], ['name', 'res_id']);
    for (const row of rows) ids.set(String(row.name), Number(row.res_id));
  }
  return ids;
}

function odooRejectReason(fault: OdooFault): RejectReason {
  const oneLine = fault.message.replace(/\s*\n+\s*/g, ' ').trim();
  return { code: 'odoo-rejected', message: `Odoo rejected the record: ${oneLine}`, summary: `Odoo: ${oneLine}` };
}

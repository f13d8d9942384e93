import { ensureCustomFields } from './ensure-custom-fields.js';
import { join } from 'node:path';
import type { Plan, PlanPhase } from '../compiler/plan-types.js';
import type { ApplyReport, PhaseReport } from './apply-report.js';
import { ApplyInterrupted, countExternalIds, loadPhase, type BatchLoadEvent, type PhaseCounts } from './load-phase.js';
import { CreateLocks } from './create-locks.js';
import { LoadLanes, MAX_CONCURRENCY } from './load-lanes.js';
import { runWhenReady } from './run-when-ready.js';
import { serializeStateStore } from './state/serialized-state-store.js';
import type { OdooClient } from './odoo/odoo-client.js';
import { RejectSink } from './reject-sink.js';
import { resolveValueMapTargets } from './resolve-value-map-targets.js';
import { resolveLookups } from './resolve-lookups.js';
import { resolveOwners } from './owners/resolve-owners.js';
import type { SourceConnector } from './sources/source.js';
import { LoadJournal } from './state/load-journal.js';
import { recoverPendingCreates } from './state/recover-pending.js';
import type { StateStore } from './state/state-store.js';

export interface ApplyOptions {
  readonly plan: Plan;
  readonly client: OdooClient;
  readonly source: SourceConnector;
  /** Project folder; reject files go to `.pmap/rejects/` inside it. */
  readonly projectDirectory: string;
  /** Called when a phase starts and ends, for progress output. */
  readonly onPhase?: (event: { phase: PlanPhase; report?: PhaseReport }) => void;
  /** The state store and the run this apply records into; without them nothing is remembered. */
  readonly state?: { readonly store: StateStore; readonly runId: number };
  /**
   * Per object, the Pega DateTime property that marks a row's last commit
   * (`pxCommitDateTime`, else `pxUpdateDateTime`). Every run records its
   * highest value; a delta run reads only rows from the last succeeded run's
   * value on, less `overlapMinutes`.
   */
  readonly delta?: { readonly properties: ReadonlyMap<string, string>; readonly enabled: boolean; readonly overlapMinutes: number };
  /** Called after each committed batch of a phase with its running totals. */
  readonly onProgress?: (event: { phase: PlanPhase; counts: Readonly<PhaseCounts>; rejected: number }) => void;
  /** Stops the run after the batch in progress (Ctrl-C); the report then has `interrupted` set. */
  readonly signal?: AbortSignal;
  /** Called before each phase of a delta run with where it reads from, or undefined for a full read. */
  readonly onDeltaStart?: (phase: PlanPhase, since: string | undefined) => void;
  /**
   * Odoo connections to load on, 1 (the default) to MAX_CONCURRENCY: up to
   * this many batches, and this many independent phases, load at once.
   * Records that share a contended parent never load in parallel (see
   * contendedFields).
   */
  readonly concurrency?: number;
  /** Called when a batch is about to be upserted and when it is committed, for tests and tracing. */
  readonly onBatchLoad?: (event: BatchLoadEvent & { phase: PlanPhase }) => void;
}

/**
 * Runs a plan: checks reference data, then loads phases in dependency order,
 * each phase once every phase it depends on has ended, up to `concurrency`
 * phases at once. A phase whose dependency failed is skipped with the cause,
 * because its references could not resolve.
 */
export async function applyPlan(options: ApplyOptions): Promise<ApplyReport> {
  const { plan, client, source } = options;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${concurrency}`);
  }
  // Lanes share the store; the PostgreSQL store needs its calls one at a time.
  const state = options.state && concurrency > 1 ? { ...options.state, store: serializeStateStore(options.state.store) } : options.state;
  const modules = new Map(plan.phases.map((phase) => [phase.object, phase.externalId.module]));
  if (state) await recoverPendingCreates(state.store, client, (object) => modules.get(object) ?? plan.phases[0]?.externalId.module ?? 'pmap');
  const createdFields = await ensureCustomFields(plan.customFields, client);
  for (const field of createdFields) await state?.store.saveCreatedField(state.runId, field.model, field.name);
  const resolvedTargets = await resolveValueMapTargets(plan, client);
  const lookups = await resolveLookups(plan, source, client, { valueMaps: plan.valueMaps, resolvedTargets });
  const owners = await resolveOwners(plan, source, client, { valueMaps: plan.valueMaps, resolvedTargets, lookups }, options.projectDirectory);
  const context = { valueMaps: plan.valueMaps, resolvedTargets, lookups, ...(owners ? { owners: owners.userIds, ownerPartners: owners.partnerIds } : {}) };
  const phasesByObject = new Map(plan.phases.map((phase) => [phase.object, phase]));

  // Per phase in plan order, so parallel phases list their files as a serial run does.
  const rejectFiles: string[][] = plan.phases.map(() => []);
  const failed = new Set<string>();
  const redirects = new Map<string, Map<string, string>>();
  // Objects whose state matched Odoo (same number of pmap records), so their
  // ids can come from the state and unchanged records need no Odoo call.
  const trusted = new Set<string>();
  const stateReferences = state
    ? async (object: string, externalIds: readonly string[]) => {
        if (!trusted.has(object)) return undefined;
        const stored = await state.store.records(object, externalIds);
        return new Map([...stored].map(([name, record]) => [name, record.resId]));
      }
    : undefined;

  const lanes = await LoadLanes.open(client, concurrency);
  const createLocks = new CreateLocks();
  const reports: PhaseReport[] = [];
  let interrupted = false;

  const runPhase = async (phase: PlanPhase, index: number): Promise<PhaseReport> => {
    if (interrupted) return skippedReport(phase, 'because the run was interrupted');
    options.onPhase?.({ phase });
    const failedDependency = phase.dependsOn.find((dependency) => failed.has(dependency));
    if (failedDependency) {
      failed.add(phase.object);
      return skippedReport(phase, `because ${failedDependency} failed`);
    }
    const unresolvedOwners = owners?.blocked.get(phase.object);
    if (unresolvedOwners) {
      failed.add(phase.object);
      return skippedReport(phase, unresolvedOwners);
    }

    const relativeRejectPath = `.pmap/rejects/${phase.externalId.prefix}.jsonl`;
    const rejects = new RejectSink(phase.object, join(options.projectDirectory, relativeRejectPath));
    const linkProblems = new RejectSink(phase.object, join(options.projectDirectory, `.pmap/rejects/${phase.externalId.prefix}.links.jsonl`));
    const counts: PhaseCounts = { sourceRows: 0, deduplicated: 0, created: 0, updated: 0, unchanged: 0 };
    let report: PhaseReport;
    try {
      const counted = state ? await countStateAndOdoo(phase, state.store, client) : undefined;
      const journal = state ? new LoadJournal(state.store, state.runId, phase.object, phase.model, counted!.inState === counted!.inOdoo) : undefined;
      const delta = await deltaFor(phase, options);
      const onBatch = (current: Readonly<PhaseCounts>, rejected: number) => options.onProgress?.({ phase, counts: current, rejected });
      const onBatchLoad = options.onBatchLoad ? (event: BatchLoadEvent) => options.onBatchLoad!({ phase, ...event }) : undefined;
      const environment = {
        client, source, context, phases: phasesByObject, rejects, linkProblems, redirects, journal, stateReferences, onBatch, lanes, createLocks,
        ...(counted ? { odooCountAtStart: counted.inOdoo } : {}),
        ...(onBatchLoad ? { onBatchLoad } : {}), ...(delta ? { delta } : {}), ...(options.signal ? { signal: options.signal } : {}),
      };
      report = await loadPhase(phase, environment, counts);
      if (state && report.odooCount === (await state.store.countRecords(phase.object))) trusted.add(phase.object);
    } catch (error) {
      failed.add(phase.object);
      if (error instanceof ApplyInterrupted) interrupted = true;
      report = await failedReport(phase, error as Error, counts, rejects, client);
    } finally {
      rejects.close();
      linkProblems.close();
    }
    if (rejects.written) rejectFiles[index]!.push(relativeRejectPath);
    if (linkProblems.written) rejectFiles[index]!.push(`.pmap/rejects/${phase.externalId.prefix}.links.jsonl`);
    options.onPhase?.({ phase, report });
    return report;
  };

  await runWhenReady(plan.phases, concurrency, async (phase, index) => {
    reports[index] = await runPhase(phase, index);
  });

  // A watermark moves only for phases that succeeded, so a failed phase's rows are read again next time.
  if (state) await state.store.commitWatermarks(state.runId, reports.filter((report) => report.status === 'succeeded').map((report) => report.object));
  return { phases: reports, rejectFiles: rejectFiles.flat(), createdFields: createdFields.map((field) => `${field.model}.${field.name}`), ...(interrupted ? { interrupted } : {}), ...(owners ? { owners: owners.summary } : {}) };
}

/** The delta settings of one phase: its watermark property and, in a delta run, the timestamp to read from. */
async function deltaFor(phase: PlanPhase, options: ApplyOptions): Promise<{ property: string; since?: string } | undefined> {
  const property = options.delta?.properties.get(phase.object);
  if (!property || !options.delta) return undefined;
  if (!options.delta.enabled || !options.state) return { property };

  const watermark = await options.state.store.watermark(phase.object);
  if (!watermark || watermark.column !== property) {
    options.onDeltaStart?.(phase, undefined);
    return { property };
  }
  const since = subtractMinutes(watermark.value, options.delta.overlapMinutes);
  options.onDeltaStart?.(phase, since);
  return { property, since };
}

/** Subtracts minutes from a UTC timestamp written `yyyy-MM-dd HH:mm:ss.SSS`. */
function subtractMinutes(timestamp: string, minutes: number): string {
  const shifted = new Date(Date.parse(`${timestamp.replace(' ', 'T')}Z`) - minutes * 60_000);
  return shifted.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Tells whether the state holds as many records of the phase as Odoo holds
 * pmap external ids for it (none on both sides counts as equal). Unequal
 * counts mean the state belongs to another or a reset database, or records
 * were deleted in Odoo, and then every record is compared with Odoo again.
 */
/** Counts the object's records in the state and its external ids in Odoo; equal counts make the state trusted. */
async function countStateAndOdoo(phase: PlanPhase, store: StateStore, client: OdooClient): Promise<{ inState: number; inOdoo: number }> {
  const [inState, inOdoo] = await Promise.all([store.countRecords(phase.object), countExternalIds(phase, client)]);
  return { inState, inOdoo };
}

/**
 * Reports a phase that stopped halfway with what it did before it stopped:
 * the records it created or updated are in Odoo, and a re-run upserts them.
 */
async function failedReport(phase: PlanPhase, error: Error, counts: PhaseCounts, rejects: RejectSink, client: OdooClient): Promise<PhaseReport> {
  let odooCount: number | null = null;
  try {
    odooCount = await countExternalIds(phase, client);
  } catch {
    // The failure may be the connection itself; the count is then unknown.
  }
  return {
    object: phase.object,
    model: phase.model,
    status: 'failed',
    ...counts,
    rejected: rejects.count - counts.deduplicated,
    rejectGroups: rejects.rejectGroups(),
    linked: 0,
    linkProblems: [],
    odooCount,
    error: error.message,
  };
}

function skippedReport(phase: PlanPhase, error: string): PhaseReport {
  return {
    object: phase.object,
    model: phase.model,
    status: 'skipped',
    sourceRows: 0,
    deduplicated: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejectGroups: [],
    linked: 0,
    linkProblems: [],
    odooCount: null,
    error,
  };
}

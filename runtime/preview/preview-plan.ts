import type { Plan, PlanPhase } from '../../compiler/plan-types.js';
import type { ReferenceData } from '../../compiler/reference-data.js';
import { checkReferenceData } from '../check-reference-data.js';
import type { EvaluationContext } from '../evaluate-expression.js';
import { loadPhase, type PhaseCounts } from '../load-phase.js';
import type { OdooClient } from '../odoo/odoo-client.js';
import { resolveOwners, type OwnerResolution } from '../owners/resolve-owners.js';
import { RejectSink } from '../reject-sink.js';
import { resolveLookups } from '../resolve-lookups.js';
import { ReferenceDataError, resolveValueMapTargets } from '../resolve-value-map-targets.js';
import type { SourceConnector } from '../sources/source.js';
import { findCustomFieldsToAdd } from './custom-fields-to-add.js';
import { PhasePreview } from './phase-preview.js';
import { PlannedRecords } from './planned-records.js';
import { PreviewRejectSink } from './preview-reject-sink.js';
import type { ObjectPreview, ObjectStatus, PlanPreview, PreviewCounts, ValueMapCoverage } from './preview-types.js';
import { SampleNamer } from './sample-namer.js';
import { countValueMapCoverage } from './value-map-coverage.js';

export interface PreviewOptions {
  readonly plan: Plan;
  readonly client: OdooClient;
  readonly source: SourceConnector;
  /** Project folder, where owners.yaml is read. */
  readonly projectDirectory: string;
  /** The records the specs name, from `collectReferenceData`. */
  readonly referenceData: ReferenceData;
  /** Sample records per kind and object; 5 when absent. */
  readonly sampleSize?: number;
  /** Called when the preview starts computing an object, for progress output. */
  readonly onPhase?: (phase: PlanPhase) => void;
}

/** The outcome of one phase before its samples are named. */
interface PhaseOutcome {
  readonly phase: PlanPhase;
  readonly status: ObjectStatus;
  readonly reason?: string;
  readonly counts?: PhaseCounts;
  readonly preview?: PhasePreview;
  readonly rejects?: PreviewRejectSink;
  readonly valueMaps?: ValueMapCoverage[];
}

/** The state that each phase of a preview passes on to the phases after it. */
interface SharedState {
  readonly planned: PlannedRecords;
  /** Per object, the keys of records a dedupe rule removed, mapped to the key kept, as apply keeps them. */
  readonly redirects: Map<string, Map<string, string>>;
  /** Objects that were not computed, so the objects that reference them are skipped. */
  readonly notLoaded: Set<string>;
}

/**
 * Computes what `pmap apply` would do, object by object, without writing to
 * Odoo: the records it would create, update or leave unchanged, with
 * samples and before -> after values, the records it would reject and why,
 * the value-map values no entry covers, the custom fields it would add,
 * and the owners and reference data it would stop on. Every record is
 * computed by the load phase itself, in compare-only mode, so the preview
 * and the run cannot drift apart.
 *
 * NOTE: Odoo's own validation is not run, so records that Odoo would reject
 * at apply are counted as creates or updates here.
 */
export async function previewPlan(options: PreviewOptions): Promise<PlanPreview> {
  const { plan, client, source } = options;
  const customFields = await findCustomFieldsToAdd(plan.customFields, client);

  let context: EvaluationContext;
  try {
    await checkReferenceData({ plan, referenceData: options.referenceData, client, source });
    const resolvedTargets = await resolveValueMapTargets(plan, client);
    const lookups = await resolveLookups(plan, source, client, { valueMaps: plan.valueMaps, resolvedTargets });
    context = { valueMaps: plan.valueMaps, resolvedTargets, lookups };
  } catch (error) {
    if (!(error instanceof ReferenceDataError)) throw error;
    const outcomes = plan.phases.map((phase) => ({ phase, status: 'not-computed' as const, reason: 'reference data the specs name is missing in Odoo (listed below), so no record can be computed' }));
    return assemble(client, outcomes, new SampleNamer(new PlannedRecords()), { customFields, missing: [...error.problems] });
  }

  const owners = await resolveOwners(plan, source, client, context, options.projectDirectory);
  if (owners) context = { ...context, owners: owners.userIds, ownerPartners: owners.partnerIds };

  const shared: SharedState = { planned: new PlannedRecords(), redirects: new Map(), notLoaded: new Set() };
  const outcomes: PhaseOutcome[] = [];
  for (const phase of plan.phases) {
    const outcome = await previewPhase(phase, options, context, owners, shared);
    if (outcome.status !== 'computed') shared.notLoaded.add(phase.object);
    outcomes.push(outcome);
  }
  return assemble(client, outcomes, new SampleNamer(shared.planned), { customFields, missing: [], owners });
}

async function previewPhase(
  phase: PlanPhase,
  options: PreviewOptions,
  context: EvaluationContext,
  owners: OwnerResolution | undefined,
  shared: SharedState,
): Promise<PhaseOutcome> {
  const { plan, client, source } = options;
  const { planned } = shared;
  const dependency = phase.dependsOn.find((object) => shared.notLoaded.has(object));
  if (dependency) return { phase, status: 'skipped', reason: `because ${dependency} cannot load` };
  const blocked = owners?.blocked.get(phase.object);
  if (blocked) return { phase, status: 'blocked', reason: blocked };

  options.onPhase?.(phase);
  const odooFields = new Set(Object.keys(await client.fieldsGet(phase.model, ['type'])));
  const rejects = new PreviewRejectSink(phase.object);
  const preview = new PhasePreview({ phase, client, planned, rejects, sampleSize: options.sampleSize ?? 5, odooFields });
  const counts: PhaseCounts = { sourceRows: 0, deduplicated: 0, created: 0, updated: 0, unchanged: 0 };
  try {
    await loadPhase(phase, {
      client,
      source,
      context,
      phases: new Map(plan.phases.map((entry) => [entry.object, entry])),
      redirects: shared.redirects,
      rejects,
      linkProblems: new RejectSink(phase.object, undefined),
      // Records this run would create get stand-in ids, so later objects can link to them.
      stateReferences: async (object, externalIds) => planned.find(object, externalIds),
      compareOnly: {
        batch: (records) => preview.addBatch(records),
        links: (record, resId, expected, stored) => preview.compareLinks(record, resId, expected, stored),
      },
    }, counts);
    const valueMaps = await countValueMapCoverage(phase, source, context);
    return { phase, status: 'computed', counts, preview, rejects, valueMaps };
  } catch (error) {
    // As in apply, one object's failure (a malformed extract) does not hide the others.
    return { phase, status: 'failed', reason: (error as Error).message, counts, rejects };
  }
}

/** Names the linked records in the samples and builds the preview. */
async function assemble(
  client: OdooClient,
  outcomes: readonly PhaseOutcome[],
  namer: SampleNamer,
  found: { customFields: PlanPreview['customFields']; missing: string[]; owners?: OwnerResolution },
): Promise<PlanPreview> {
  for (const outcome of outcomes) outcome.preview?.noteSamples(namer);
  await namer.resolve(client);

  const objects = outcomes.map((outcome) => objectPreview(outcome, namer));
  const sum = (pick: (counts: PreviewCounts) => number) => objects.reduce((total, object) => total + pick(object.counts), 0);
  const totals = {
    create: sum((counts) => counts.create),
    update: sum((counts) => counts.update),
    unchanged: sum((counts) => counts.unchanged),
    rejected: sum((counts) => counts.rejected),
    deduplicated: sum((counts) => counts.deduplicated),
  };
  const adopted = objects.reduce((total, object) => total + (object.adopted ?? 0), 0);
  const owners = found.owners;
  return {
    pmapPlanPreview: 1,
    odooVersion: client.serverVersion,
    objects,
    totals,
    customFields: found.customFields,
    referenceData: { missing: found.missing },
    ...(owners
      ? { owners: { operators: owners.summary.operators, unresolved: owners.summary.unresolved, fallback: owners.summary.fallback, blocked: [...owners.blocked].map(([object, reason]) => ({ object, reason })) } }
      : {}),
    hasChanges: totals.create + totals.update + adopted + found.customFields.toAdd.length > 0,
    hasErrors: found.missing.length > 0 || found.customFields.conflicts.length > 0 || objects.some((object) => object.status !== 'computed'),
  };
}

function objectPreview(outcome: PhaseOutcome, namer: SampleNamer): ObjectPreview {
  const { phase, preview, counts, rejects } = outcome;
  const deduplicated = counts?.deduplicated ?? 0;
  return {
    object: phase.object,
    model: phase.model,
    table: phase.source.table,
    level: phase.level + 1,
    dependsOn: phase.dependsOn,
    status: outcome.status,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    counts: {
      sourceRows: counts?.sourceRows ?? 0,
      create: preview?.created ?? 0,
      update: preview?.updated ?? 0,
      unchanged: preview?.unchanged ?? 0,
      rejected: (rejects?.count ?? 0) - deduplicated,
      deduplicated,
    },
    ...(preview && phase.match ? { adopted: preview.adopted } : {}),
    samples: preview ? preview.samples(namer) : { create: [], update: [] },
    rejects: rejects?.previewGroups() ?? [],
    valueMaps: outcome.valueMaps ?? [],
  };
}

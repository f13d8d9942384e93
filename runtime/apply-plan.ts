import { ensureCustomFields } from './ensure-custom-fields.js';
import { join } from 'node:path';
import type { Plan, PlanPhase } from '../compiler/plan-types.js';
import type { ApplyReport, PhaseReport } from './apply-report.js';
import { countExternalIds, loadPhase, type PhaseCounts } from './load-phase.js';
import type { OdooClient } from './odoo/odoo-client.js';
import { RejectSink } from './reject-sink.js';
import { resolveValueMapTargets } from './resolve-value-map-targets.js';
import { resolveLookups } from './resolve-lookups.js';
import { resolveOwners } from './owners/resolve-owners.js';
import type { SourceConnector } from './sources/source.js';

export interface ApplyOptions {
  readonly plan: Plan;
  readonly client: OdooClient;
  readonly source: SourceConnector;
  /** Project folder; reject files go to `.pmap/rejects/` inside it. */
  readonly projectDirectory: string;
  /** Called when a phase starts and ends, for progress output. */
  readonly onPhase?: (event: { phase: PlanPhase; report?: PhaseReport }) => void;
}

/**
 * Runs a plan: checks reference data, then loads phases in dependency order.
 * A phase whose dependency failed is skipped with the cause, because its
 * references could not resolve.
 */
export async function applyPlan(options: ApplyOptions): Promise<ApplyReport> {
  const { plan, client, source } = options;
  const createdFields = await ensureCustomFields(plan.customFields, client);
  const resolvedTargets = await resolveValueMapTargets(plan, client);
  const lookups = await resolveLookups(plan, source, client, { valueMaps: plan.valueMaps, resolvedTargets });
  const owners = await resolveOwners(plan, source, client, { valueMaps: plan.valueMaps, resolvedTargets, lookups }, options.projectDirectory);
  const context = { valueMaps: plan.valueMaps, resolvedTargets, lookups, ...(owners ? { owners: owners.userIds } : {}) };
  const phasesByObject = new Map(plan.phases.map((phase) => [phase.object, phase]));

  const reports: PhaseReport[] = [];
  const rejectFiles: string[] = [];
  const failed = new Set<string>();
  const redirects = new Map<string, Map<string, string>>();

  // NOTE: phases of the same level could run in parallel; they run one after
  // another for now, in plan order.
  for (const phase of plan.phases) {
    options.onPhase?.({ phase });
    const failedDependency = phase.dependsOn.find((dependency) => failed.has(dependency));
    if (failedDependency) {
      failed.add(phase.object);
      reports.push(skippedReport(phase, `because ${failedDependency} failed`));
      continue;
    }
    const unresolvedOwners = owners?.blocked.get(phase.object);
    if (unresolvedOwners) {
      failed.add(phase.object);
      reports.push(skippedReport(phase, unresolvedOwners));
      continue;
    }

    const relativeRejectPath = `.pmap/rejects/${phase.externalId.prefix}.jsonl`;
    const rejects = new RejectSink(phase.object, join(options.projectDirectory, relativeRejectPath));
    const linkProblems = new RejectSink(phase.object, join(options.projectDirectory, `.pmap/rejects/${phase.externalId.prefix}.links.jsonl`));
    const counts: PhaseCounts = { sourceRows: 0, deduplicated: 0, created: 0, updated: 0, unchanged: 0 };
    let report: PhaseReport;
    try {
      report = await loadPhase(phase, { client, source, context, phases: phasesByObject, rejects, linkProblems, redirects }, counts);
    } catch (error) {
      failed.add(phase.object);
      report = await failedReport(phase, error as Error, counts, rejects, client);
    } finally {
      rejects.close();
      linkProblems.close();
    }
    if (rejects.written) rejectFiles.push(relativeRejectPath);
    if (linkProblems.written) rejectFiles.push(`.pmap/rejects/${phase.externalId.prefix}.links.jsonl`);
    reports.push(report);
    options.onPhase?.({ phase, report });
  }

  return { phases: reports, rejectFiles, createdFields: createdFields.map((field) => `${field.model}.${field.name}`), ...(owners ? { owners: owners.summary } : {}) };
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

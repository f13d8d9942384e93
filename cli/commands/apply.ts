import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasErrors } from '../../compiler/diagnostic.js';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import type { StateStore } from '../../runtime/state/state-store.js';
import { serializePlan } from '../../compiler/compile.js';
import { planHash } from '../../runtime/state/plan-hash.js';
import { checkReferenceData } from '../../runtime/check-reference-data.js';
import { collectReferenceData } from '../../compiler/reference-data.js';
import { connectOdoo, type OdooSession } from '../connect-odoo.js';
import { openSource } from '../open-source.js';
import { openStateStore, runUser, withStateLock } from '../open-state.js';
import { compileProjectAt, formatDiagnostics } from '../project-context.js';
import { renderApplyReport } from '../render-report.js';

export interface ApplyCommandOptions {
  /** Start an in-process Odoo sandbox and load into it instead of `target`. */
  readonly sandbox: boolean;
  /** Read only the rows committed since the last succeeded run (cutover). */
  readonly delta?: boolean;
  /** Odoo connections to load on (`--concurrency`); `options.concurrency` in pmap.yaml, else 1, when absent. */
  readonly concurrency?: number;
}

/** How far before the last watermark a delta run starts, so rows committed late are not missed. */
export const DELTA_OVERLAP_MINUTES = 60;

/** The Pega properties that date a row's last change, best first. */
const DELTA_PROPERTIES = ['pxCommitDateTime', 'pxUpdateDateTime'];

/** `pmap apply`: compile, connect, load every object, print the reconciliation report. */
export async function runApply(directory: string, options: ApplyCommandOptions): Promise<number> {
  const compiled = compileProjectAt(directory);
  if (compiled.diagnostics.length > 0) process.stderr.write(formatDiagnostics(directory, compiled, 'text'));
  if (hasErrors(compiled.diagnostics) || !compiled.plan || !compiled.inputs) {
    process.stderr.write('nothing was loaded: fix the errors above and run pmap apply again\n');
    return 1;
  }
  const { plan, inputs } = compiled;

  const source = openSource(inputs, process.env);
  const store = await openStateStore(directory, inputs.config, process.env);
  let session: OdooSession | undefined;
  try {
    return await withStateLock(store, 'apply', async () => {
      session = await connectOdoo(inputs.config.target, { sandbox: options.sandbox, projectDirectory: directory });
      await checkReferenceData({ plan, referenceData: collectReferenceData(inputs.specs), client: session.client, source });
      const runId = await startOrResumeRun(store, serializePlan(plan), session.target, options.delta ? 'delta' : 'apply');
      const deltaProperties = new Map<string, string>();
      for (const phase of plan.phases) {
        const columns = inputs.pegaSchema.tables[phase.source.table]?.columns ?? {};
        const property = DELTA_PROPERTIES.find((name) => name in columns);
        if (property) deltaProperties.set(phase.object, property);
      }
      const stop = stopOnInterrupt();
      const report = await applyPlan({
        signal: stop.signal,
        concurrency: options.concurrency ?? inputs.config.concurrency ?? 1,
        plan,
        client: session.client,
        source,
        projectDirectory: directory,
        state: { store, runId },
        delta: { properties: deltaProperties, enabled: options.delta ?? false, overlapMinutes: DELTA_OVERLAP_MINUTES },
        onDeltaStart: (phase, since) => {
          process.stdout.write(since === undefined
            ? `delta: ${phase.object} has no watermark from a succeeded run, so all its rows are read\n`
            : `delta: ${phase.object} reads rows with ${deltaProperties.get(phase.object)} from ${since} UTC on (last watermark less ${DELTA_OVERLAP_MINUTES} minutes)\n`);
        },
        onPhase: ({ phase, report: phaseReport }) => {
          if (!phaseReport) process.stdout.write(`loading ${phase.object} (${phase.source.table} -> ${phase.model})\n`);
        },
      });
      stop.dispose();
      if (report.interrupted) {
        printReport(directory, report, session);
        process.stdout.write(`Run ${runId} stopped on request after a committed batch; its checkpoints are saved. Run \`pmap apply\` again to resume it.\n`);
        return 130;
      }
      const succeeded = report.phases.every((phase) => phase.status === 'succeeded');
      await store.finishRun(runId, succeeded ? 'succeeded' : 'failed');
      printReport(directory, report, session);
      process.stdout.write(`Run ${runId} is recorded in ${relative(process.cwd(), store.location) || store.location}; \`pmap rollback\` undoes it\n`);
      return succeeded ? 0 : 1;
    });
  } finally {
    await source.close();
    await session?.close();
    await store.close();
  }
}

/**
 * Turns the first Ctrl-C into a request to stop after the batch in progress,
 * and a second one into an immediate exit. Both leave the state consistent,
 * because every step is recorded before Odoo is called.
 */
function stopOnInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) {
      process.stderr.write('\nstopping now; run `pmap apply` again to resume\n');
      process.exit(130);
    }
    process.stderr.write('\nstopping after the batch in progress (press Ctrl-C again to stop at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSignal) };
}

/**
 * Starts a run, or reopens the last one when a killed process left it
 * running with the same plan, so its records and pre-images stay in one run.
 */
async function startOrResumeRun(store: StateStore, planText: string, target: string, kind: 'apply' | 'delta'): Promise<number> {
  const hash = planHash(planText);
  const last = (await store.runs()).filter((run) => run.kind !== 'rollback').at(-1);
  if (last?.status === 'running') {
    if (last.planHash === hash && last.target === target && last.kind === kind) {
      process.stdout.write(`resuming run ${last.id}, which stopped before it finished (started ${last.startedAt} by ${last.user}); records it committed are not sent again\n`);
      return last.id;
    }
    await store.finishRun(last.id, 'failed');
    process.stdout.write(`run ${last.id} stopped before it finished and its plan or target differs from this one, so a new run starts\n`);
  }
  const run = await store.beginRun({ kind, planHash: hash, target, user: runUser() });
  return run.id;
}

function printReport(directory: string, report: ApplyReport, session: OdooSession): void {
  const text = renderApplyReport(report, (path) => relative(process.cwd(), join(directory, path)) || path);
  process.stdout.write(`\n${text}`);
  if (session.client.retries > 0) process.stdout.write(`${session.client.retries} calls to Odoo were sent again after transient failures (HTTP 429/503, serialization failures, dropped connections)\n`);
  if (hasNoChanges(report)) process.stdout.write('No changes: Odoo already holds every record as the specs compute it.\n');
  const written = writeRunReport(directory, report, text);
  process.stdout.write(`Report written to ${written.map((path) => relative(process.cwd(), path)).join(' and ')}\n`);
}

function hasNoChanges(report: ApplyReport): boolean {
  return report.createdFields.length === 0 && report.phases.every((phase) => phase.status === 'succeeded' && phase.created === 0 && phase.updated === 0 && phase.linked === 0);
}

/**
 * Writes the run's report to `.pmap/reports/` as JSON (for scripts) and
 * Markdown (for people), replacing the previous run's.
 */
function writeRunReport(directory: string, report: ApplyReport, text: string): string[] {
  const folder = join(directory, '.pmap', 'reports');
  mkdirSync(folder, { recursive: true });
  const jsonPath = join(folder, 'last-apply.json');
  const markdownPath = join(folder, 'last-apply.md');
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdownPath, `# pmap apply\n\n\`\`\`\n${text}\`\`\`\n`);
  return [jsonPath, markdownPath];
}

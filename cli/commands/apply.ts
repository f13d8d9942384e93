import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasErrors } from '../../compiler/diagnostic.js';
import type { ApplyReport } from '../../runtime/apply-report.js';
import type { ProjectInputs } from '../../compiler/load-project.js';
import type { Plan } from '../../compiler/plan-types.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import type { StateStore } from '../../runtime/state/state-store.js';
import { serializePlan } from '../../compiler/compile.js';
import { planHash } from '../../runtime/state/plan-hash.js';
import { checkReferenceData } from '../../runtime/check-reference-data.js';
import { collectReferenceData } from '../../compiler/reference-data.js';
import { connectOdoo, type OdooSession } from '../connect-odoo.js';
import { openSource } from '../open-source.js';
import { openStateStore, runUser, withStateLock } from '../open-state.js';
import { readSavedPlan, stalePlanReasons } from '../saved-plan.js';
import { UserError } from '../user-error.js';
import { compileProjectAt, formatDiagnostics } from '../project-context.js';
import { renderApplyReport } from '../render-report.js';
import { approveApply, expectedRows, renderApplySummary } from '../apply-confirmation.js';
import { ApplyProgress } from '../progress/apply-progress.js';
import { ApplyObserver } from '../progress/observe-apply.js';
import { PlainProgress } from '../progress/plain-progress.js';
import type { ProgressDisplay } from '../progress/progress-display.js';
import { projectSecrets } from '../project-secrets.js';
import { RunLog } from '../run-log.js';

export interface ApplyCommandOptions {
  /** Start an in-process Odoo sandbox and load into it instead of `target`. */
  readonly sandbox: boolean;
  /** Read only the rows committed since the last succeeded run (cutover). */
  readonly delta?: boolean;
  /** A plan saved by `pmap plan --out`; apply refuses it when the project or the state moved since. */
  readonly savedPlan?: string;
  /** Load without asking for `yes` first. */
  readonly autoApprove?: boolean;
  /** Print a line per committed batch on standard error. */
  readonly verbose?: boolean;
  /** Odoo connections to load on (`--concurrency`); `options.concurrency` in pmap.yaml, else 1, when absent. */
  readonly concurrency?: number;
}

/** How far before the last watermark a delta run starts, so rows committed late are not missed. */
export const DELTA_OVERLAP_MINUTES = 60;

/** The Pega properties that date a row's last change, best first. */
const DELTA_PROPERTIES = ['pxCommitDateTime', 'pxUpdateDateTime'];

/**
 * `pmap apply`: compile, connect, show what will load and ask, load every
 * object with live progress, print the reconciliation report. Each run is
 * logged to `.pmap/logs/` as JSON lines.
 */
export async function runApply(directory: string, options: ApplyCommandOptions): Promise<number> {
  const compiled = compileProjectAt(directory);
  if (compiled.diagnostics.length > 0) process.stderr.write(formatDiagnostics(directory, compiled, 'text'));
  if (hasErrors(compiled.diagnostics) || !compiled.plan || !compiled.inputs) {
    process.stderr.write('nothing was loaded: fix the errors above and run pmap apply again\n');
    return 1;
  }

  const log = RunLog.open(directory, 'apply', new Date(), projectSecrets(compiled.inputs.config, process.env));
  log.write('command-start', {
    command: 'apply',
    user: runUser(),
    options: { sandbox: options.sandbox, delta: options.delta ?? false, autoApprove: options.autoApprove ?? false, verbose: options.verbose ?? false },
    objects: compiled.plan.phases.map((phase) => phase.object),
  });
  try {
    const exitCode = await applyProject(directory, compiled.plan, compiled.inputs, options, log);
    log.write('command-end', { exitCode });
    return exitCode;
  } catch (error) {
    log.write('error', errorFields(error));
    log.write('command-end', { exitCode: 1 });
    throw error;
  } finally {
    log.close();
  }
}

async function applyProject(directory: string, plan: Plan, inputs: ProjectInputs, options: ApplyCommandOptions, log: RunLog): Promise<number> {
  const source = openSource(inputs, process.env);
  const store = await openStateStore(directory, inputs.config, process.env);
  let session: OdooSession | undefined;
  try {
    return await withStateLock(store, 'apply', async () => {
      session = await connectOdoo(inputs.config.target, { sandbox: options.sandbox, projectDirectory: directory });
      await checkReferenceData({ plan, referenceData: collectReferenceData(inputs.specs), client: session.client, source });
      if (options.savedPlan) await checkSavedPlan(options.savedPlan, plan, store);

      process.stdout.write(`\n${renderApplySummary(plan, inputs.pegaSchema, { target: session.target, delta: options.delta ?? false })}\n`);
      const approval = await approveApply({ autoApprove: options.autoApprove ?? false, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
      log.write('confirmation', { outcome: approval });
      if (approval === 'declined') {
        process.stdout.write('Apply cancelled; nothing was loaded.\n');
        return 1;
      }

      const kind = options.delta ? 'delta' : 'apply';
      const planText = serializePlan(plan);
      const run = await startOrResumeRun(store, planText, session.target, kind);
      log.write('run-start', { run: run.id, resumed: run.resumed, kind, target: session.target, planHash: planHash(planText) });
      const deltaProperties = new Map<string, string>();
      for (const phase of plan.phases) {
        const columns = inputs.pegaSchema.tables[phase.source.table]?.columns ?? {};
        const property = DELTA_PROPERTIES.find((name) => name in columns);
        if (property) deltaProperties.set(phase.object, property);
      }

      // A delta run reads only changed rows, so the table's row count is no estimate of its total.
      const progress = new ApplyProgress(plan.phases.map((phase) => ({ object: phase.object, model: phase.model, table: phase.source.table, expectedRows: options.delta ? undefined : expectedRows(phase, inputs.pegaSchema) })));
      const display = await openDisplay(progress, options.verbose ?? false);
      const stop = stopOnInterrupt({
        onFirst: (message) => display.message(message, 'stderr'),
        onSecond: () => log.write('run-end', { run: run.id, status: 'stopped-at-once', exitCode: 130, retries: session?.client.retries ?? 0 }),
      });
      const observer = new ApplyObserver(progress, display, log, session.client, run.id, stop.signal);
      let report: ApplyReport;
      try {
        report = await applyPlan({
          signal: stop.signal,
          concurrency: options.concurrency ?? inputs.config.concurrency ?? 1,
          plan,
          client: session.client,
          source,
          projectDirectory: directory,
          state: { store, runId: run.id },
          delta: { properties: deltaProperties, enabled: options.delta ?? false, overlapMinutes: DELTA_OVERLAP_MINUTES },
          onDeltaStart: (phase, since) => {
            const property = deltaProperties.get(phase.object);
            observer.deltaStart(phase, property, since, since === undefined
              ? `delta: ${phase.object} has no watermark from a succeeded run, so all its rows are read`
              : `delta: ${phase.object} reads rows with ${property} from ${since} UTC on (last watermark less ${DELTA_OVERLAP_MINUTES} minutes)`);
          },
          ...observer.hooks(),
        });
      } catch (error) {
        await display.finish([], undefined);
        throw error;
      } finally {
        stop.dispose();
        observer.detach();
      }

      const text = renderApplyReport(report, (path) => relative(process.cwd(), join(directory, path)) || path);
      await display.finish(observer.finished(report), display.showsReport ? text : undefined);
      const logPath = relative(process.cwd(), log.path) || log.path;
      if (report.interrupted) {
        printReport(directory, report, session, text, display.showsReport, logPath);
        process.stdout.write(`Run ${run.id} stopped on request after a committed batch; its checkpoints are saved. Run \`pmap apply\` again to resume it.\n`);
        log.write('run-end', runEndFields(run.id, 'interrupted', 130, report, session));
        return 130;
      }
      const succeeded = report.phases.every((phase) => phase.status === 'succeeded');
      await store.finishRun(run.id, succeeded ? 'succeeded' : 'failed');
      printReport(directory, report, session, text, display.showsReport, logPath);
      // A run that changed nothing has nothing to undo, so rollback is suggested only after changes.
      const undo = hasNoChanges(report) ? '' : '; `pmap rollback` undoes it';
      process.stdout.write(`Run ${run.id} is recorded in ${relative(process.cwd(), store.location) || store.location}${undo}\n`);
      log.write('run-end', runEndFields(run.id, succeeded ? 'succeeded' : 'failed', succeeded ? 0 : 1, report, session));
      return succeeded ? 0 : 1;
    });
  } finally {
    await source.close();
    await session?.close();
    await store.close();
  }
}

/** Stops unless the saved plan is what the project compiles to now, against the same state. */
async function checkSavedPlan(path: string, plan: Plan, store: StateStore): Promise<void> {
  const reasons = stalePlanReasons(readSavedPlan(path), plan, await store.serial());
  if (reasons.length === 0) {
    process.stdout.write(`applying the saved plan ${path}\n`);
    return;
  }
  throw new UserError(`the saved plan ${path} is stale, so nothing was loaded:\n${reasons.map((reason) => `  - ${reason}`).join('\n')}\nrun \`pmap plan --out ${path}\` again, review it, and apply the new plan`);
}

/**
 * Chooses the progress display: the Ink view when standard output is a
 * terminal, plain lines otherwise (files, pipes, CI). NO_COLOR, when set to
 * anything but the empty string, turns colors off.
 */
async function openDisplay(progress: ApplyProgress, verbose: boolean): Promise<ProgressDisplay> {
  if (process.stdout.isTTY && process.env.TERM !== 'dumb') {
    // Loaded only here, so runs without a terminal do not load React.
    const { startInkDisplay } = await import('../ui/ink-apply-display.js');
    return startInkDisplay(progress, { color: !process.env.NO_COLOR, verbose, stdout: process.stdout, stderr: process.stderr });
  }
  return new PlainProgress({ stdout: process.stdout, stderr: process.stderr, clock: Date.now, verbose });
}

function runEndFields(runId: number, status: string, exitCode: number, report: ApplyReport, session: OdooSession): Record<string, unknown> {
  return { run: runId, status, exitCode, retries: session.client.retries, createdFields: report.createdFields, rejectFiles: report.rejectFiles };
}

/** Collects the fields of an `error` log line: the error's class, its message and the ids it carries. */
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const ids = Object.fromEntries(Object.entries(error).filter(([name, value]) => ['object', 'model', 'method', 'code', 'faultCode', 'lockId'].includes(name) && (typeof value === 'string' || typeof value === 'number')));
  return { name: error.name, message: error.message, ...ids };
}

/**
 * Turns the first Ctrl-C into a request to stop after the batch in progress,
 * and a second one into an immediate exit. Both leave the state consistent,
 * because every step is recorded before Odoo is called.
 */
function stopOnInterrupt(handlers: { onFirst(message: string): void; onSecond(): void }): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) {
      handlers.onSecond();
      process.stderr.write('\nstopping now; run `pmap apply` again to resume\n');
      process.exit(130);
    }
    handlers.onFirst('stopping after the batch in progress (press Ctrl-C again to stop at once)');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSignal) };
}

/**
 * Starts a run, or reopens the last one when a killed process left it
 * running with the same plan, so its records and pre-images stay in one run.
 */
async function startOrResumeRun(store: StateStore, planText: string, target: string, kind: 'apply' | 'delta'): Promise<{ id: number; resumed: boolean }> {
  const hash = planHash(planText);
  const last = (await store.runs()).filter((run) => run.kind !== 'rollback').at(-1);
  if (last?.status === 'running') {
    if (last.planHash === hash && last.target === target && last.kind === kind) {
      process.stdout.write(`resuming run ${last.id}, which stopped before it finished (started ${last.startedAt} by ${last.user}); records it committed are not sent again\n`);
      return { id: last.id, resumed: true };
    }
    await store.finishRun(last.id, 'failed');
    process.stdout.write(`run ${last.id} stopped before it finished and its plan or target differs from this one, so a new run starts\n`);
  }
  const run = await store.beginRun({ kind, planHash: hash, target, user: runUser() });
  return { id: run.id, resumed: false };
}

/** Prints the reconciliation table (unless the progress view showed it) and where the report and the log were written. */
function printReport(directory: string, report: ApplyReport, session: OdooSession, text: string, tableShown: boolean, logPath: string): void {
  if (!tableShown) process.stdout.write(`\n${text}`);
  if (session.client.retries > 0) process.stdout.write(`${session.client.retries} calls to Odoo were sent again after transient failures (HTTP 429/503, serialization failures, dropped connections)\n`);
  if (hasNoChanges(report)) process.stdout.write('No changes: Odoo already holds every record as the specs compute it.\n');
  // The saved report lives in the project, so its paths are relative to the project, not to the current folder.
  const written = writeRunReport(directory, report, renderApplyReport(report));
  process.stdout.write(`Report written to ${written.map((path) => relative(process.cwd(), path)).join(' and ')}\n`);
  process.stdout.write(`Log written to ${logPath}\n`);
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

import type { PlanPhase } from '../../compiler/plan-types.js';
import type { ApplyOptions } from '../../runtime/apply-plan.js';
import type { ApplyReport, PhaseReport } from '../../runtime/apply-report.js';
import { ApplyInterrupted } from '../../runtime/load-phase.js';
import type { OdooClient } from '../../runtime/odoo/odoo-client.js';
import type { RunLog } from '../run-log.js';
import type { ApplyProgress, PhaseProgress } from './apply-progress.js';
import type { ProgressDisplay } from './progress-display.js';

/**
 * Connects `applyPlan`'s hooks to the progress model, the display and the
 * run log: every phase start and end, every committed batch and every call
 * sent again to Odoo reaches all three that need it.
 */
export class ApplyObserver {
  constructor(
    private readonly progress: ApplyProgress,
    private readonly display: ProgressDisplay,
    private readonly log: RunLog,
    private readonly client: OdooClient,
    private readonly runId: number,
    private readonly signal?: AbortSignal,
  ) {
    client.onRetry = (retry) => {
      log.write('retry', { run: runId, model: retry.model, method: retry.method, attempt: retry.attempt, delayMs: Math.round(retry.delayMs), error: errorText(retry.error) });
    };
  }

  /** Returns the hooks to pass to `applyPlan`. */
  hooks(): Required<Pick<ApplyOptions, 'onPhase' | 'onProgress'>> {
    return {
      onPhase: ({ phase, report }) => {
        if (!report) {
          const started = this.progress.phaseStarted(phase.object, this.client.retries);
          this.log.write('phase-start', { run: this.runId, object: phase.object, table: phase.source.table, model: phase.model, expectedRows: started.expectedRows ?? null });
          this.display.phaseStarted(started);
          return;
        }
        const ended = this.progress.phaseEnded(phase.object, report, this.client.retries, this.isStopRequest(phase, report));
        this.log.write('phase-end', {
          run: this.runId,
          object: phase.object,
          status: ended.status,
          ...counts(ended),
          durationMs: duration(ended),
          linked: report.linked,
          odooCount: report.odooCount,
          rejectsByReason: report.rejectGroups,
          linkProblems: report.linkProblems,
          ...(report.error !== undefined ? { error: report.error } : {}),
        });
        this.display.phaseEnded(ended);
      },
      onProgress: ({ phase, counts: totals, rejected }) => {
        const current = this.progress.batchCommitted(phase.object, totals, rejected, this.client.retries);
        this.log.write('batch', { run: this.runId, object: phase.object, batch: current.batches, ...counts(current) });
        this.display.batchCommitted(current);
      },
    };
  }

  /** Tells whether a failed phase ended on the stop request rather than on an error. */
  private isStopRequest(phase: PlanPhase, report: PhaseReport): boolean {
    if (report.status !== 'failed' || !this.signal?.aborted) return false;
    return report.error === new ApplyInterrupted(phase.object, report.sourceRows).message;
  }

  /** Logs a delta run's starting point and shows it. */
  deltaStart(phase: PlanPhase, property: string | undefined, since: string | undefined, message: string): void {
    this.log.write('delta-start', { run: this.runId, object: phase.object, property: property ?? null, since: since ?? null });
    this.display.message(message, 'stdout');
  }

  /** Settles the phases the report ends without an end event (skipped ones) and logs them. */
  finished(report: ApplyReport): PhaseProgress[] {
    const settled = this.progress.finished(report);
    for (const phase of settled) {
      this.log.write('phase-end', { run: this.runId, object: phase.object, status: phase.status, ...counts(phase), durationMs: duration(phase), ...(phase.error !== undefined ? { error: phase.error } : {}) });
    }
    return settled;
  }

  detach(): void {
    delete this.client.onRetry;
  }
}

function counts(phase: PhaseProgress): Record<string, number> {
  return {
    sourceRows: phase.sourceRows,
    deduplicated: phase.deduplicated,
    created: phase.created,
    updated: phase.updated,
    unchanged: phase.unchanged,
    rejected: phase.rejected,
    retries: phase.retries,
  };
}

function duration(phase: PhaseProgress): number | null {
  return phase.startedAt === undefined || phase.endedAt === undefined ? null : phase.endedAt - phase.startedAt;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

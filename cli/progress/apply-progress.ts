import type { ApplyReport, PhaseReport } from '../../runtime/apply-report.js';

/** `stopped` is a phase that ended on a stop request (Ctrl-C) after a committed batch; the report counts it as failed. */
export type PhaseStatus = 'waiting' | 'loading' | 'succeeded' | 'failed' | 'stopped' | 'skipped';

/** Progress of one phase as the displays show it: its place in the plan, its status and its running totals. */
export interface PhaseProgress {
  readonly object: string;
  readonly model: string;
  readonly table: string;
  /** Rows the phase is expected to read, when known. */
  readonly expectedRows: number | undefined;
  readonly status: PhaseStatus;
  /** Clock readings in milliseconds. */
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly sourceRows: number;
  readonly deduplicated: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Calls to Odoo sent again after a transient failure while this phase ran. */
  readonly retries: number;
  readonly batches: number;
  readonly error?: string;
}

/** The running totals a committed batch reports, as `applyPlan`'s `onProgress` passes them. */
export interface BatchTotals {
  readonly sourceRows: number;
  readonly deduplicated: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface PlannedPhase {
  readonly object: string;
  readonly model: string;
  readonly table: string;
  readonly expectedRows: number | undefined;
}

/**
 * The progress of one apply, fed by `applyPlan`'s hooks. Odoo's retry count
 * is a total over the whole run, so each event passes the current total and
 * a phase's retries are the difference since its start.
 */
export class ApplyProgress {
  private readonly phases: Map<string, PhaseProgress & { retriesAtStart: number }>;

  constructor(planned: readonly PlannedPhase[], private readonly clock: () => number = Date.now) {
    this.phases = new Map(planned.map((phase) => [phase.object, { ...phase, status: 'waiting', sourceRows: 0, deduplicated: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, retries: 0, batches: 0, retriesAtStart: 0 }]));
  }

  now(): number {
    return this.clock();
  }

  phaseStarted(object: string, retriesTotal: number): PhaseProgress {
    return this.update(object, { status: 'loading', startedAt: this.clock(), retriesAtStart: retriesTotal });
  }

  batchCommitted(object: string, totals: BatchTotals, rejected: number, retriesTotal: number): PhaseProgress {
    const phase = this.phase(object);
    return this.update(object, {
      sourceRows: totals.sourceRows,
      deduplicated: totals.deduplicated,
      created: totals.created,
      updated: totals.updated,
      unchanged: totals.unchanged,
      rejected,
      retries: retriesTotal - phase.retriesAtStart,
      batches: phase.batches + 1,
    });
  }

  phaseEnded(object: string, report: PhaseReport, retriesTotal: number, stopped = false): PhaseProgress {
    const phase = this.phase(object);
    return this.update(object, {
      status: stopped ? 'stopped' : report.status,
      endedAt: this.clock(),
      sourceRows: report.sourceRows,
      deduplicated: report.deduplicated,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: report.rejected,
      retries: phase.startedAt === undefined ? 0 : retriesTotal - phase.retriesAtStart,
      ...(report.error !== undefined ? { error: report.error } : {}),
    });
  }

  /**
   * Takes the final status of every phase from the run's report. `applyPlan`
   * signals no end for a phase it skips, so without this a skipped phase
   * would still show as loading or waiting.
   */
  finished(report: ApplyReport): PhaseProgress[] {
    const settled: PhaseProgress[] = [];
    for (const phaseReport of report.phases) {
      const phase = this.phases.get(phaseReport.object);
      if (!phase || (phase.status !== 'waiting' && phase.status !== 'loading')) continue;
      settled.push(this.update(phaseReport.object, { status: phaseReport.status, ...(phase.startedAt !== undefined ? { endedAt: this.clock() } : {}), ...(phaseReport.error !== undefined ? { error: phaseReport.error } : {}) }));
    }
    return settled;
  }

  snapshot(): PhaseProgress[] {
    return [...this.phases.values()].map(({ retriesAtStart: _retriesAtStart, ...phase }) => phase);
  }

  phase(object: string): PhaseProgress & { retriesAtStart: number } {
    const phase = this.phases.get(object);
    if (!phase) throw new Error(`no phase ${object} in this apply's plan`);
    return phase;
  }

  private update(object: string, change: Partial<PhaseProgress & { retriesAtStart: number }>): PhaseProgress {
    const next = { ...this.phase(object), ...change };
    this.phases.set(object, next);
    const { retriesAtStart: _retriesAtStart, ...phase } = next;
    return phase;
  }
}

/** Source rows read per second since the phase started, or undefined before any time has passed. */
export function rowsPerSecond(phase: PhaseProgress, now: number): number | undefined {
  if (phase.startedAt === undefined) return undefined;
  const seconds = ((phase.endedAt ?? now) - phase.startedAt) / 1000;
  if (seconds <= 0 || phase.sourceRows === 0) return undefined;
  return phase.sourceRows / seconds;
}

/**
 * Seconds until the phase has read its expected rows at its average rate
 * so far, or undefined when the total or the rate is unknown. Once more rows
 * arrived than expected (the table grew since discovery) there is no
 * estimate either.
 */
export function secondsLeft(phase: PhaseProgress, now: number): number | undefined {
  if (phase.status !== 'loading' || phase.expectedRows === undefined) return undefined;
  const rate = rowsPerSecond(phase, now);
  const remaining = phase.expectedRows - phase.sourceRows;
  if (rate === undefined || remaining < 0) return undefined;
  return remaining / rate;
}

/** Computes the share of expected rows read so far, from 0 to 1, or undefined when the total is unknown. */
export function completedShare(phase: PhaseProgress): number | undefined {
  if (phase.expectedRows === undefined) return undefined;
  if (phase.status === 'succeeded') return 1;
  if (phase.expectedRows === 0) return phase.status === 'loading' ? 0 : 1;
  return Math.min(1, phase.sourceRows / phase.expectedRows);
}

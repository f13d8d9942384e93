import type { PhaseProgress } from './apply-progress.js';
import { formatCount, formatOutcomes, formatThroughput } from './format-progress.js';
import { formatBatchLine, type ProgressDisplay } from './progress-display.js';

/** Seconds between two progress lines of one phase when the output is not a terminal. */
export const PLAIN_PROGRESS_INTERVAL_SECONDS = 5;

export interface PlainProgressOptions {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly clock: () => number;
  readonly verbose: boolean;
  readonly intervalSeconds?: number;
}

/**
 * Line-based progress for logs and CI: one line when a phase starts and one
 * when it ends, and in between at most one progress line per interval per
 * phase. `verbose` adds a line per committed batch on standard error.
 */
export class PlainProgress implements ProgressDisplay {
  readonly showsReport = false;
  private readonly lastLineAt = new Map<string, number>();
  private readonly intervalMs: number;

  constructor(private readonly options: PlainProgressOptions) {
    this.intervalMs = (options.intervalSeconds ?? PLAIN_PROGRESS_INTERVAL_SECONDS) * 1000;
  }

  phaseStarted(phase: PhaseProgress): void {
    this.lastLineAt.set(phase.object, this.options.clock());
    const expected = phase.expectedRows === undefined ? 'row count unknown' : `${formatCount(phase.expectedRows)} rows expected`;
    this.options.stdout.write(`loading ${phase.object} (${phase.table} -> ${phase.model}, ${expected})\n`);
  }

  batchCommitted(phase: PhaseProgress): void {
    if (this.options.verbose) this.options.stderr.write(`${formatBatchLine(phase)}\n`);

    const now = this.options.clock();
    if (now - (this.lastLineAt.get(phase.object) ?? 0) < this.intervalMs) return;
    this.lastLineAt.set(phase.object, now);
    this.options.stdout.write(`  ${phase.object}: ${formatThroughput(phase, now)}; ${formatOutcomes(phase)}\n`);
  }

  phaseEnded(phase: PhaseProgress): void {
    this.options.stdout.write(`${endLine(phase, this.options.clock())}\n`);
  }

  message(text: string, stream: 'stdout' | 'stderr'): void {
    this.options[stream].write(`${text}\n`);
  }

  async finish(settled: readonly PhaseProgress[]): Promise<void> {
    for (const phase of settled) this.phaseEnded(phase);
  }
}

/** Formats the line a phase ends with: `done Company: 40/40 rows (100%), 100 rows/s, took 0.4s; created 40, ...`. */
export function endLine(phase: PhaseProgress, now: number): string {
  if (phase.status === 'skipped') return `skipped ${phase.object}: ${phase.error ?? 'no reason given'}`;
  const summary = `${phase.object}: ${formatThroughput(phase, now)}; ${formatOutcomes(phase)}`;
  if (phase.status === 'failed') return `failed ${summary}; ${phase.error ?? 'no reason given'}`;
  if (phase.status === 'stopped') return `stopped ${summary}`;
  return `done ${summary}`;
}

import type { PhaseProgress } from './apply-progress.js';
import { formatCount, formatOutcomes } from './format-progress.js';

/** Shows the progress of an apply: an Ink view on a terminal, plain lines otherwise. */
export interface ProgressDisplay {
  phaseStarted(phase: PhaseProgress): void;
  batchCommitted(phase: PhaseProgress): void;
  phaseEnded(phase: PhaseProgress): void;
  /** Writes a message without breaking the display, for notes such as a delta run's starting point or a stop request. */
  message(text: string, stream: 'stdout' | 'stderr'): void;
  /**
   * Shows the final state: `settled` are phases whose end came only with the
   * final report (skipped ones), and `reportText` is the reconciliation
   * table when the display shows it itself. Resolves once all is written.
   */
  finish(settled: readonly PhaseProgress[], reportText: string | undefined): Promise<void>;
  /** Whether `finish` shows the reconciliation table, so the caller does not print it twice. */
  readonly showsReport: boolean;
}

/** Formats the line `--verbose` prints on standard error after each committed batch. */
export function formatBatchLine(phase: PhaseProgress): string {
  return `batch ${phase.batches} of ${phase.object}: ${formatCount(phase.sourceRows)} rows read; ${formatOutcomes(phase)}`;
}

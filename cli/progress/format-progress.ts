import { completedShare, rowsPerSecond, secondsLeft, type PhaseProgress, type PhaseStatus } from './apply-progress.js';

const STATUS_WORDS: Record<PhaseStatus, string> = { waiting: 'waiting', loading: 'loading', succeeded: 'done', failed: 'failed', stopped: 'stopped', skipped: 'skipped' };

/** Returns the word a progress line shows for a phase status. */
export function statusWord(status: PhaseStatus): string {
  return STATUS_WORDS[status];
}

/** Formats a whole number with thousands separators, the same on every locale. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Formats seconds as `0.4s`, `12s`, `3m 05s` or `2h 07m`. */
export function formatDuration(seconds: number): string {
  if (seconds < 9.95) return `${Math.max(0, seconds).toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatRate(rate: number | undefined): string {
  if (rate === undefined) return '- rows/s';
  return `${rate < 10 ? rate.toFixed(1) : formatCount(rate)} rows/s`;
}

/** Draws a bar of `width` characters between brackets, in ASCII so every terminal shows it. */
export function formatBar(share: number, width = 20): string {
  const filled = Math.round(Math.min(1, Math.max(0, share)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** `1,200/40,000 rows (3%)`, or `1,200 rows` when the total is unknown. */
export function formatRows(phase: PhaseProgress): string {
  const share = completedShare(phase);
  if (phase.expectedRows === undefined || share === undefined) return `${formatCount(phase.sourceRows)} rows`;
  return `${formatCount(phase.sourceRows)}/${formatCount(phase.expectedRows)} rows (${Math.floor(share * 100)}%)`;
}

/** `ETA 2m 35s` while loading, `took 12s` once done, `ETA unknown` without a total or a rate. */
export function formatTime(phase: PhaseProgress, now: number): string {
  if (phase.startedAt === undefined) return '';
  if (phase.status !== 'loading') return `took ${formatDuration(((phase.endedAt ?? now) - phase.startedAt) / 1000)}`;
  const left = secondsLeft(phase, now);
  return left === undefined ? 'ETA unknown' : `ETA ${formatDuration(left)}`;
}

/** `created 1,100, updated 0, unchanged 100, rejects 3, retries 0` */
export function formatOutcomes(phase: PhaseProgress): string {
  return [
    `created ${formatCount(phase.created)}`,
    `updated ${formatCount(phase.updated)}`,
    `unchanged ${formatCount(phase.unchanged)}`,
    `rejects ${formatCount(phase.rejected)}`,
    `retries ${formatCount(phase.retries)}`,
  ].join(', ');
}

/** Formats the rows, rate and time of a phase that has started: `1,200/40,000 rows (3%), 250 rows/s, ETA 2m 35s`. */
export function formatThroughput(phase: PhaseProgress, now: number): string {
  return [formatRows(phase), formatRate(rowsPerSecond(phase, now)), formatTime(phase, now)].filter((part) => part !== '').join(', ');
}

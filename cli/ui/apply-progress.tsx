import { Box, Text, useStderr, useStdout } from 'ink';
import { useLayoutEffect } from 'react';
import { completedShare, type PhaseProgress, type PhaseStatus } from '../progress/apply-progress.js';
import { formatBar, formatOutcomes, formatThroughput, statusWord } from '../progress/format-progress.js';

const STATUS_COLORS: Record<PhaseStatus, string> = { waiting: 'gray', loading: 'cyan', succeeded: 'green', failed: 'red', stopped: 'yellow', skipped: 'yellow' };
const BAR_WIDTH = 20;

/** Lines that must reach standard output or standard error while the view is live, written and removed on the next render. */
export class OutputQueue {
  private lines: Array<{ stream: 'stdout' | 'stderr'; text: string }> = [];

  push(stream: 'stdout' | 'stderr', text: string): void {
    this.lines.push({ stream, text });
  }

  drain(): Array<{ stream: 'stdout' | 'stderr'; text: string }> {
    const drained = this.lines;
    this.lines = [];
    return drained;
  }
}

export interface ApplyProgressViewProps {
  readonly phases: readonly PhaseProgress[];
  /** Clock reading in milliseconds, for rates and ETAs. */
  readonly now: number;
  /** False when NO_COLOR is set: the view then writes no colors or styles. */
  readonly color: boolean;
  /** The reconciliation table, shown under the phases once the run is over. */
  readonly report?: string;
  /** Messages written above the view (standard output) or to standard error without breaking it. */
  readonly output?: OutputQueue;
}

/**
 * Renders the live view of `pmap apply` on a terminal: one line per phase with its
 * status, a bar when the expected row count is known, rows per second, ETA,
 * created, updated and unchanged records, rejects and retries.
 */
export function ApplyProgressView({ phases, now, color, report, output }: ApplyProgressViewProps) {
  const nameWidth = Math.max(...phases.map((phase) => phase.object.length));
  return (
    <Box flexDirection="column">
      {output ? <OutputWriter queue={output} /> : null}
      {phases.map((phase) => (
        <PhaseLine key={phase.object} phase={phase} now={now} color={color} nameWidth={nameWidth} />
      ))}
      {report !== undefined ? (
        <Box marginTop={1}>
          <Text>{report.trimEnd()}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

function PhaseLine({ phase, now, color, nameWidth }: { phase: PhaseProgress; now: number; color: boolean; nameWidth: number }) {
  const share = completedShare(phase);
  const bar = share === undefined ? ' '.repeat(BAR_WIDTH + 2) : formatBar(share, BAR_WIDTH);
  const status = statusWord(phase.status).padEnd(7);
  return (
    <Text>
      <Text {...(color ? { color: STATUS_COLORS[phase.status] } : {})}>{status}</Text> {phase.object.padEnd(nameWidth)} {bar} {phaseDetails(phase, now)}
    </Text>
  );
}

function phaseDetails(phase: PhaseProgress, now: number): string {
  if (phase.status === 'waiting') return '';
  if (phase.status === 'skipped') return phase.error ?? '';
  return `${formatThroughput(phase, now)}; ${formatOutcomes(phase)}`;
}

/** Writes queued messages through Ink, which clears its frame first and redraws it after. */
function OutputWriter({ queue }: { queue: OutputQueue }) {
  const { write: writeStdout } = useStdout();
  const { write: writeStderr } = useStderr();
  useLayoutEffect(() => {
    for (const line of queue.drain()) (line.stream === 'stdout' ? writeStdout : writeStderr)(`${line.text}\n`);
  });
  return null;
}

import { render } from 'ink';
import type { ApplyProgress, PhaseProgress } from '../progress/apply-progress.js';
import { formatBatchLine, type ProgressDisplay } from '../progress/progress-display.js';
import { ApplyProgressView, OutputQueue } from './apply-progress.js';

/** How often the view redraws between batches, so rates and ETAs keep moving. */
const REDRAW_INTERVAL_MS = 1000;

export interface InkDisplayOptions {
  readonly color: boolean;
  readonly verbose: boolean;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

/**
 * Mounts the apply view on the terminal and keeps it in step with
 * `progress`. The view stays on screen after `finish`, with the
 * reconciliation table under it.
 */
export function startInkDisplay(progress: ApplyProgress, options: InkDisplayOptions): ProgressDisplay {
  const output = new OutputQueue();
  let report: string | undefined;
  const view = () => <ApplyProgressView phases={progress.snapshot()} now={progress.now()} color={options.color} output={output} {...(report !== undefined ? { report } : {})} />;

  // Ctrl-C stays with pmap's own handler (stop after the batch in progress), so Ink must not exit on it.
  const instance = render(view(), { stdout: options.stdout, stderr: options.stderr, patchConsole: false, exitOnCtrlC: false });
  const redraw = () => instance.rerender(view());
  const timer = setInterval(redraw, REDRAW_INTERVAL_MS);

  return {
    showsReport: true,
    phaseStarted: redraw,
    batchCommitted(phase: PhaseProgress) {
      if (options.verbose) output.push('stderr', formatBatchLine(phase));
      redraw();
    },
    phaseEnded: redraw,
    message(text: string, stream: 'stdout' | 'stderr') {
      output.push(stream, text);
      redraw();
    },
    async finish(_settled: readonly PhaseProgress[], reportText: string | undefined) {
      clearInterval(timer);
      report = reportText;
      redraw();
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}

import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { PhaseReport } from '../../runtime/apply-report.js';
import { ApplyProgress } from '../../cli/progress/apply-progress.js';
import { ApplyProgressView, OutputQueue } from '../../cli/ui/apply-progress.js';

/** Creates a manual clock, so rates and ETAs are exact. */
function manualClock(): { now: () => number; set(ms: number): void } {
  let current = 0;
  return { now: () => current, set: (ms) => (current = ms) };
}

function demoProgress(clock: () => number): ApplyProgress {
  return new ApplyProgress(
    [
      { object: 'Company', model: 'res.partner', table: 'customerdata.organization', expectedRows: 40 },
      { object: 'Contact', model: 'res.partner', table: 'customerdata.contact', expectedRows: 200 },
      { object: 'WorkObject', model: 'crm.lead', table: 'data.pc_acme_cs_work', expectedRows: undefined },
    ],
    clock,
  );
}

function succeeded(object: string, model: string, counts: Partial<PhaseReport>): PhaseReport {
  return { object, model, status: 'succeeded', sourceRows: 0, deduplicated: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, rejectGroups: [], linked: 0, linkProblems: [], odooCount: null, ...counts };
}

const STATUS_START = /^(waiting|loading|done|failed|stopped|skipped)\s+[A-Z]/;

/**
 * Finds the frame's line for one phase, with the lines it wrapped onto joined
 * back: the test terminal is 100 columns wide, narrower than a phase line.
 */
function phaseLine(frame: string | undefined, status: string, object: string): string {
  const lines = (frame ?? '').split('\n');
  const start = lines.findIndex((line) => new RegExp(`^${status}\\s+${object}\\b`).test(line));
  if (start < 0) throw new Error(`no "${status} ${object}" line in:\n${frame}`);
  const parts = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || STATUS_START.test(line)) break;
    parts.push(line);
  }
  return parts.join(' ').replace(/\s+/g, ' ');
}

afterEach(() => {
  cleanup();
});

describe('apply progress view', () => {
  it('shows counts, rate and ETA of a loading phase', () => {
    const clock = manualClock();
    const progress = demoProgress(clock.now);
    progress.phaseStarted('Company', 0);
    clock.set(2000);
    progress.batchCommitted('Company', { sourceRows: 20, deduplicated: 0, created: 18, updated: 0, unchanged: 2 }, 0, 1);

    const view = render(createElement(ApplyProgressView, { phases: progress.snapshot(), now: clock.now(), color: false }));
    const company = phaseLine(view.lastFrame(), 'loading', 'Company');

    expect(company).toContain('[##########----------]');
    expect(company).toContain('20/40 rows (50%)');
    expect(company).toContain('10 rows/s');
    expect(company).toContain('ETA 2.0s');
    expect(company).toContain('created 18, updated 0, unchanged 2, rejects 0, retries 1');
    expect(phaseLine(view.lastFrame(), 'waiting', 'Contact')).not.toContain('rows');
    expect(phaseLine(view.lastFrame(), 'waiting', 'WorkObject')).not.toContain('rows');
  });

  it('updates frames as batches commit', () => {
    const clock = manualClock();
    const progress = demoProgress(clock.now);
    const frame = () => createElement(ApplyProgressView, { phases: progress.snapshot(), now: clock.now(), color: false });
    progress.phaseStarted('Company', 0);
    progress.batchCommitted('Company', { sourceRows: 0, deduplicated: 0, created: 0, updated: 0, unchanged: 0 }, 0, 0);
    const view = render(frame());
    expect(phaseLine(view.lastFrame(), 'loading', 'Company')).toContain('0/40 rows (0%), - rows/s, ETA unknown');

    clock.set(1000);
    progress.phaseEnded('Company', succeeded('Company', 'res.partner', { sourceRows: 40, created: 40, odooCount: 40 }), 0);
    progress.phaseStarted('Contact', 0);
    clock.set(5000);
    progress.batchCommitted('Contact', { sourceRows: 100, deduplicated: 0, created: 90, updated: 5, unchanged: 5 }, 0, 3);
    view.rerender(frame());

    expect(phaseLine(view.lastFrame(), 'done', 'Company')).toContain('[####################] 40/40 rows (100%), 40 rows/s, took 1.0s; created 40');
    const contact = phaseLine(view.lastFrame(), 'loading', 'Contact');
    expect(contact).toContain('[##########----------] 100/200 rows (50%)');
    expect(contact).toContain('25 rows/s');
    expect(contact).toContain('ETA 4.0s');
    expect(contact).toContain('created 90, updated 5, unchanged 5, rejects 0, retries 3');

    // Between batches the ETA follows the clock at the rate measured so far.
    clock.set(6000);
    view.rerender(frame());
    const later = phaseLine(view.lastFrame(), 'loading', 'Contact');
    expect(later).toContain('20 rows/s');
    expect(later).toContain('ETA 5.0s');
    expect(view.frames.length).toBeGreaterThanOrEqual(3);
  });

  it('shows no bar and no ETA without a row count', () => {
    const clock = manualClock();
    const progress = demoProgress(clock.now);
    progress.phaseStarted('WorkObject', 0);
    clock.set(10_000);
    progress.batchCommitted('WorkObject', { sourceRows: 1500, deduplicated: 0, created: 1400, updated: 0, unchanged: 0 }, 100, 0);

    const view = render(createElement(ApplyProgressView, { phases: progress.snapshot(), now: clock.now(), color: false }));
    const line = phaseLine(view.lastFrame(), 'loading', 'WorkObject');

    expect(line).not.toContain('[');
    expect(line).toContain('1,500 rows, 150 rows/s, ETA unknown');
    expect(line).toContain('rejects 100');
  });

  it('shows skipped phases and the reconciliation table at the end', () => {
    const clock = manualClock();
    const progress = demoProgress(clock.now);
    progress.phaseStarted('Company', 0);
    clock.set(500);
    progress.phaseEnded('Company', { ...succeeded('Company', 'res.partner', { sourceRows: 3 }), status: 'failed', error: 'Odoo is down' }, 0);
    progress.phaseStarted('Contact', 0);
    progress.finished({
      phases: [
        { ...succeeded('Company', 'res.partner', { sourceRows: 3 }), status: 'failed', error: 'Odoo is down' },
        { ...succeeded('Contact', 'res.partner', {}), status: 'skipped', error: 'because Company failed' },
        { ...succeeded('WorkObject', 'crm.lead', {}), status: 'skipped', error: 'because Contact failed' },
      ],
      rejectFiles: [],
      createdFields: [],
    });
    const report = 'Object  Model\n------  -----\nCompany res.partner\n\nReconciliation:\n  Company: failed\n';

    const view = render(createElement(ApplyProgressView, { phases: progress.snapshot(), now: clock.now(), color: false, report }));
    const frame = view.lastFrame() ?? '';

    expect(phaseLine(frame, 'failed', 'Company')).toContain('3/40 rows');
    expect(phaseLine(frame, 'skipped', 'Contact')).toContain('because Company failed');
    expect(phaseLine(frame, 'skipped', 'WorkObject')).toContain('because Contact failed');
    expect(frame).toContain('Object  Model\n------  -----');
    expect(frame.indexOf('Reconciliation:')).toBeGreaterThan(frame.indexOf('skipped WorkObject'));
  });

  it('writes queued messages to standard error', () => {
    const clock = manualClock();
    const progress = demoProgress(clock.now);
    const output = new OutputQueue();
    output.push('stderr', 'batch 1 of Company: 40 rows read');

    const view = render(createElement(ApplyProgressView, { phases: progress.snapshot(), now: clock.now(), color: false, output }));

    expect(view.stderr.lastFrame()).toBe('batch 1 of Company: 40 rows read\n');
    expect(output.drain()).toEqual([]);
    expect(view.lastFrame()).not.toContain('batch 1 of Company');
  });
});

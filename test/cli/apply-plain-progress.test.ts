import { describe, expect, it } from 'vitest';
import { ApplyProgress } from '../../cli/progress/apply-progress.js';
import { PlainProgress } from '../../cli/progress/plain-progress.js';
import { copyDemoProject } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

class Collected {
  lines: string[] = [];
  write(text: string): void {
    this.lines.push(...text.split('\n').filter((line) => line !== ''));
  }
}

describe('plain apply progress', () => {
  it('prints at most one progress line per interval', () => {
    let now = 0;
    const stdout = new Collected();
    const stderr = new Collected();
    const progress = new ApplyProgress([{ object: 'Contact', model: 'res.partner', table: 'customerdata.contact', expectedRows: 1200 }], () => now);
    const display = new PlainProgress({ stdout, stderr, clock: () => now, verbose: false, intervalSeconds: 5 });

    display.phaseStarted(progress.phaseStarted('Contact', 0));
    for (let second = 1; second <= 12; second += 1) {
      now = second * 1000;
      display.batchCommitted(progress.batchCommitted('Contact', { sourceRows: second * 100, deduplicated: 0, created: second * 100, updated: 0, unchanged: 0 }, 0, 0));
    }

    expect(stdout.lines).toEqual([
      'loading Contact (customerdata.contact -> res.partner, 1,200 rows expected)',
      '  Contact: 500/1,200 rows (41%), 100 rows/s, ETA 7.0s; created 500, updated 0, unchanged 0, rejects 0, retries 0',
      '  Contact: 1,000/1,200 rows (83%), 100 rows/s, ETA 2.0s; created 1,000, updated 0, unchanged 0, rejects 0, retries 0',
    ]);
    expect(stderr.lines).toEqual([]);
  });

  it('prints every batch on standard error when verbose', () => {
    let now = 0;
    const stdout = new Collected();
    const stderr = new Collected();
    const progress = new ApplyProgress([{ object: 'Company', model: 'res.partner', table: 'customerdata.organization', expectedRows: undefined }], () => now);
    const display = new PlainProgress({ stdout, stderr, clock: () => now, verbose: true });

    display.phaseStarted(progress.phaseStarted('Company', 2));
    now = 100;
    display.batchCommitted(progress.batchCommitted('Company', { sourceRows: 10, deduplicated: 1, created: 8, updated: 0, unchanged: 0 }, 1, 3));
    now = 200;
    display.batchCommitted(progress.batchCommitted('Company', { sourceRows: 20, deduplicated: 1, created: 18, updated: 0, unchanged: 0 }, 1, 3));

    expect(stderr.lines).toEqual([
      'batch 1 of Company: 10 rows read; created 8, updated 0, unchanged 0, rejects 1, retries 1',
      'batch 2 of Company: 20 rows read; created 18, updated 0, unchanged 0, rejects 1, retries 1',
    ]);
    expect(stdout.lines).toEqual(['loading Company (customerdata.organization -> res.partner, row count unknown)']);
  });
});

describe('pmap apply without a terminal', () => {
  it('loads the demo with line progress and does not ask', async () => {
    const started = Date.now();
    const result = await runPmap(['apply', copyDemoProject(), '--sandbox']);
    const elapsedSeconds = (Date.now() - started) / 1000;
    const lines = result.stdout.split('\n');

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stdout).toContain('  1. Company: customerdata.organization -> res.partner, 40 rows expected\n');
    expect(result.stdout).toContain('  3. WorkObject: data.pc_acme_cs_work -> crm.lead, 500 rows expected\n');
    expect(lines.filter((line) => line.startsWith('Not asking for confirmation'))).toHaveLength(1);
    expect(result.stdout).not.toContain("Only 'yes' is accepted");

    const phaseLines = lines.filter((line) => /^(loading|done|failed|skipped) /.test(line));
    expect(phaseLines.map((line) => line.replace(/:.*|\s\(.*/, ''))).toEqual([
      'loading Company',
      'done Company',
      'loading Contact',
      'done Contact',
      'loading WorkObject',
      'done WorkObject',
    ]);
    expect(phaseLines[1]).toMatch(/^done Company: 40\/40 rows \(100%\), [\d.,]+ rows\/s, took [\d.]+s; created 40, updated 0, unchanged 0, rejects 0, retries 0$/);
    expect(phaseLines[5]).toMatch(/^done WorkObject: 500\/500 rows \(100%\), .*; created 485, updated 0, unchanged 0, rejects 15, retries 0$/);

    // Progress lines come at most every 5 seconds per phase.
    for (const object of ['Company', 'Contact', 'WorkObject']) {
      const phase = lines.slice(lines.findIndex((line) => line.startsWith(`loading ${object} `)), lines.findIndex((line) => line.startsWith(`done ${object}:`)));
      const progressLines = phase.filter((line) => line.startsWith(`  ${object}: `));
      expect(progressLines.length).toBeLessThanOrEqual(Math.floor(elapsedSeconds / 5));
    }
    expect(result.stdout).toMatch(/WorkObject\s+crm\.lead\s+500\s+0\s+485\s+0\s+0\s+15\s+485/);
    expect(result.stdout.indexOf('Reconciliation:')).toBeGreaterThan(result.stdout.indexOf('done WorkObject'));
  });

  it('prints a line per batch on standard error with --verbose', async () => {
    const result = await runPmap(['apply', copyDemoProject(), '--sandbox', '--verbose']);
    const batches = result.stderr.split('\n').filter((line) => line !== '');

    expect(result.code).toBe(0);
    // 40 companies, 200 contacts and 500 cases in batches of 100.
    expect(batches.map((line) => line.replace(/:.*/, ''))).toEqual([
      'batch 1 of Company',
      'batch 1 of Contact',
      'batch 2 of Contact',
      'batch 1 of WorkObject',
      'batch 2 of WorkObject',
      'batch 3 of WorkObject',
      'batch 4 of WorkObject',
      'batch 5 of WorkObject',
    ]);
    expect(batches.at(-1)).toBe('batch 5 of WorkObject: 500 rows read; created 485, updated 0, unchanged 0, rejects 15, retries 0');
  });
});

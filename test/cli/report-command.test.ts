import { describe, expect, it } from 'vitest';
import { copyDemoProject } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

describe('pmap report', () => {
  it('prints the last apply with state counts', async () => {
    const directory = copyDemoProject();
    expect((await runPmap(['apply', directory, '--sandbox'])).code).toBe(0);

    const result = await runPmap(['report', directory]);

    expect(result.stdout).toMatch(/Company\s+res\.partner\s+40\s+0\s+40\s+0\s+0\s+0\s+40/);
    expect(result.stdout).toContain('Last run: 1 (apply, succeeded');
    expect(result.stdout).toContain('  WorkObject: 485');
    expect(result.code).toBe(0);
  });

  it('says when no apply ran yet', async () => {
    const result = await runPmap(['report', copyDemoProject()]);

    expect(result.stderr).toMatch(/no apply has written a report in .* yet .*; run pmap apply first/);
    expect(result.code).toBe(1);
  });
});

// `npm run demo:postgres` with no PostgreSQL server: the demo loaded into
// PGlite and read back through pmap's PostgreSQL source must reconcile
// exactly as the BIX XML demo does. The project the demo assembles has no
// BIX extract, so every record it loads came through PostgreSQL.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runPostgresDemo } from '../../examples/demo-postgres/run-demo.js';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { copyDemoProject } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

describe('npm run demo:postgres', () => {
  it('reconciles like the BIX demo', async () => {
    const bixProject = copyDemoProject();
    const bix = await runPmap(['apply', bixProject, '--sandbox']);
    expect(bix.code).toBe(0);
    const bixReport = JSON.parse(readFileSync(join(bixProject, '.pmap', 'reports', 'last-apply.json'), 'utf8')) as ApplyReport;

    const demo = await runPostgresDemo({ output: 'collect' });

    expect(demo.stderr).toBe('');
    expect(demo.exitCode).toBe(0);
    expect(demo.stdout).toContain('loading WorkObject (data.pc_acme_cs_work -> crm.lead, 500 rows expected)');
    expect(demo.stdout).toContain('Reconciliation: every source row is accounted for, and Odoo holds every loaded record.');
    expect(demo.report).toBeDefined();
    expect(demo.report!.phases).toEqual(bixReport.phases);
    expect(demo.report!.owners).toEqual(bixReport.owners);
    expect(demo.report!.phases.map((phase) => [phase.object, phase.sourceRows, phase.created, phase.rejected])).toEqual([
      ['Company', 40, 40, 0],
      ['Contact', 200, 200, 0],
      ['WorkObject', 500, 485, 15],
    ]);
  }, 120_000);
});

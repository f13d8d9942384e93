import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const PASSWORD = 'saved-plan';
const env = { PMAP_ODOO_PASSWORD: PASSWORD };

describe('pmap apply with a saved plan', () => {
  let sandbox: Sandbox;
  let directory: string;
  let planFile: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: PASSWORD });
    directory = copyDemoProject();
    planFile = join(directory, 'plan.json');
    editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('applies a fresh plan and refuses it once a run moved the state', async () => {
    expect((await runPmap(['plan', directory, '--offline', '--out', planFile])).code).toBe(0);

    const applied = await runPmap(['apply', directory, '--plan', planFile], { env });
    expect(applied.stdout).toContain(`applying the saved plan ${planFile}`);
    expect(applied.code).toBe(0);

    const again = await runPmap(['apply', planFile, '--project', directory], { env });
    expect(again.stderr).toContain('is stale, so nothing was loaded');
    expect(again.stderr).toContain('the state moved: 1 run ended since the plan was saved');
    expect(again.code).toBe(1);
  });

  it('names the spec change that made a plan stale', async () => {
    expect((await runPmap(['plan', directory, '--offline', '--out', planFile])).code).toBe(0);
    editProjectFile(directory, 'specs/company.pmap', 'city       = trim(City)', 'city       = upper(trim(City))');

    const refused = await runPmap(['apply', directory, '--plan', planFile], { env });
    expect(refused.stderr).toMatch(/the specs \(specs\/\*\.pmap\) changed \(fingerprint [0-9a-f]{12} is now [0-9a-f]{12}\)/);
    expect(refused.stderr).not.toContain('state moved');
    expect(refused.code).toBe(1);
  });

  it('rejects a file that is not a plan', async () => {
    const refused = await runPmap(['apply', directory, '--plan', join(directory, 'pmap.yaml')], { env });
    expect(refused.stderr).toMatch(/cannot read the saved plan .*pmap\.yaml/);
    expect(refused.code).toBe(1);
  });
});

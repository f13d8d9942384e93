import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runPmap } from '../support/run-pmap.js';

describe('pmap init', () => {
  let workspace: string;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'pmap-init-'));
  });

  afterAll(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it('creates specs, pmap.yaml and .gitignore', async () => {
    const project = join(workspace, 'new-project');
    const result = await runPmap(['init', project]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(join(project, 'specs')).sort()).toEqual(readdirSync('specs').filter((file) => file.endsWith('.pmap')).sort());
    const config = parse(readFileSync(join(project, 'pmap.yaml'), 'utf8')) as { name: string; source: { kind: string; url_env: string }; owners: { table: string } };
    expect(config).toMatchObject({ name: 'new-project', source: { kind: 'postgres', url_env: 'PMAP_PEGA_DATABASE_URL' }, owners: { table: 'data.pr_operators' } });
    expect(readFileSync(join(project, '.gitignore'), 'utf8')).toContain('.pmap/');
    expect(result.stdout).toContain(`pmap discover pega`);
    expect(result.stdout).toContain(`pmap apply`);
  });

  it('rejects a non-empty folder without --force', async () => {
    const project = join(workspace, 'existing');
    mkdirSync(project);
    writeFileSync(join(project, 'notes.txt'), 'kept');

    const refused = await runPmap(['init', project]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty (it contains notes.txt)');
    expect(refused.stderr).toContain('--force');
    expect(existsSync(join(project, 'pmap.yaml'))).toBe(false);

    const forced = await runPmap(['init', project, '--force']);
    expect(forced.code).toBe(0);
    expect(existsSync(join(project, 'pmap.yaml'))).toBe(true);
    expect(readFileSync(join(project, 'notes.txt'), 'utf8')).toBe('kept');
  });

  it('names the discovery steps in check', async () => {
    // Without schemas the check stops at the missing schema file, naming the step that writes it.
    const project = join(workspace, 'unchecked');
    await runPmap(['init', project]);
    const result = await runPmap(['check', project]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('pmap discover');
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSpec } from '../../compiler/format-spec.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

/** Copies the demo, formats it, and then lays out a line of company.pmap badly. */
async function projectWithUnformattedCompany(): Promise<string> {
  const directory = copyDemoProject();
  expect((await runPmap(['fmt', directory])).code).toBe(0);
  editProjectFile(directory, 'specs/company.pmap', '  name       = trim(Name)', '  name=trim( Name )   # the display name');
  return directory;
}

describe('pmap fmt', () => {
  it('--check fails on an unformatted file and passes after pmap fmt', async () => {
    const directory = await projectWithUnformattedCompany();
    const companyPath = join(directory, 'specs/company.pmap');
    const unformatted = readFileSync(companyPath, 'utf8');

    const check = await runPmap(['fmt', '.', '--check'], { cwd: directory });
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('specs/company.pmap\n1 of 3 files not formatted; run `pmap fmt .` to rewrite them\n');
    expect(readFileSync(companyPath, 'utf8')).toBe(unformatted);

    const fmt = await runPmap(['fmt'], { cwd: directory });
    expect(fmt.code).toBe(0);
    expect(fmt.stdout).toBe('specs/company.pmap\nformatted 1 of 3 files\n');
    const formatted = readFileSync(companyPath, 'utf8');
    expect(formatted).toBe(formatSpec('company.pmap', unformatted).text);
    expect(formatted).toMatch(/^ {2}name {7}= trim\(Name\) +# the display name$/m);

    const recheck = await runPmap(['fmt', '.', '--check'], { cwd: directory });
    expect(recheck.code).toBe(0);
    expect(recheck.stdout).toBe('3 files already formatted\n');
  });

  it('leaves files with syntax errors untouched', async () => {
    const directory = await projectWithUnformattedCompany();
    const brokenPath = join(directory, 'specs/broken.pmap');
    const broken = 'object Broken from pega table t key K to odoo m\n  name =   trim(\n';
    writeFileSync(brokenPath, broken);

    const result = await runPmap(['fmt', '.'], { cwd: directory });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[PM102]');
    expect(result.stderr).toContain('--> specs/broken.pmap:2:17');
    expect(result.stderr).toContain('1 file with syntax errors left unchanged');
    expect(readFileSync(brokenPath, 'utf8')).toBe(broken);
    // The other files are still formatted.
    expect(result.stdout).toBe('specs/company.pmap\nformatted 1 of 3 files\n');
  });

  it('--check fails on a file with syntax errors', async () => {
    const directory = copyDemoProject();
    await runPmap(['fmt', directory]);
    writeFileSync(join(directory, 'specs/broken.pmap'), 'values V { "a" => }\n');

    const result = await runPmap(['fmt', directory, '--check']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[PM102]');
    expect(result.stdout).toBe('3 files already formatted\n');
  });

  it('formats a specs folder or one file', async () => {
    const directory = await projectWithUnformattedCompany();

    const folder = await runPmap(['fmt', 'specs', '--check'], { cwd: directory });
    expect(folder.stdout).toBe('specs/company.pmap\n1 of 3 files not formatted; run `pmap fmt specs` to rewrite them\n');

    const file = await runPmap(['fmt', 'specs/contact.pmap', '--check'], { cwd: directory });
    expect(file.code).toBe(0);
    expect(file.stdout).toBe('1 file already formatted\n');
  });

  it('names a missing folder', async () => {
    const result = await runPmap(['fmt', 'no-such-project']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: no-such-project not found; pass a project folder, a specs folder or a .pmap file\n');
  });
});

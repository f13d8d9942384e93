import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

function git(directory: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=pmap test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: directory,
    stdio: 'pipe',
  });
}

/**
 * Creates a git repository with a small project in `crm/`, committed twice.
 * The second commit changes one field and adds a value map in a file outside
 * `specs/` that a spec imports.
 */
function repositoryWithTwoCommits(): string {
  const directory = mkdtempSync(join(tmpdir(), 'pmap-diff-git-'));
  mkdirSync(join(directory, 'crm/specs'), { recursive: true });
  git(directory, 'init', '-q');

  writeFileSync(join(directory, 'crm/specs/company.pmap'), 'object Company\n  from pega table org key OrgID\n  to odoo res.partner\n\n  name = trim(Name)\n');
  git(directory, 'add', '.');
  git(directory, 'commit', '-q', '-m', 'first');

  mkdirSync(join(directory, 'crm/shared'));
  writeFileSync(join(directory, 'crm/specs/company.pmap'), 'import "../shared/maps.pmap"\n# Companies.\nobject Company\n  from pega table org key OrgID\n  to odoo res.partner\n\n  name = title(trim(Name))\n');
  writeFileSync(join(directory, 'crm/shared/maps.pmap'), 'values Size { "S" => "small" }\n');
  git(directory, 'add', '.');
  git(directory, 'commit', '-q', '-m', 'second');
  return directory;
}

const gitDiffText = `Semantic changes from HEAD~1 to HEAD: objects: 1 changed; value maps: 1 added

object Company: changed
  ~ field name
      - trim(Name)
      + title(trim(Name))

values Size: added (literal values)
  + "S" => "small"
`;

describe('pmap diff', () => {
  it('compares two project folders', async () => {
    const before = copyDemoProject();
    const after = copyDemoProject();
    editProjectFile(after, 'specs/contact.pmap', 'phone      = trim(Phone)', 'phone      = phone(Phone, region: "US")');

    const result = await runPmap(['diff', before, after]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Semantic changes from ${before} to ${after}: objects: 1 changed

object Contact: changed
  ~ field phone
      - trim(Phone)
      + phone(Phone, region: "US")
`);
  });

  it('compares two specs folders as Markdown', async () => {
    const before = copyDemoProject();
    const after = copyDemoProject();
    editProjectFile(after, 'specs/work-object.pmap', '  100  => "3"\n', '');

    const result = await runPmap(['diff', 'specs', join(after, 'specs'), '--format', 'markdown'], { cwd: before });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`## Mapping changes from \`specs\` to \`${join(after, 'specs')}\`

Value maps: 1 changed.

### Value map \`Urgency\` (changed)

| Pega value | change | old | new |
| --- | --- | --- | --- |
| \`100\` | removed | \`"3"\` |  |
`);
  });

  it('prints no semantic changes for a reformatted copy', async () => {
    const before = copyDemoProject();
    const after = copyDemoProject();
    editProjectFile(after, 'specs/contact.pmap', '  email      = lower(trim(Email))\n', '');
    editProjectFile(after, 'specs/contact.pmap', '  name       =', '  email = lower( trim(Email) )   # moved up\n  name       =');

    const result = await runPmap(['diff', before, after]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`no semantic changes from ${before} to ${after}\n`);
  });

  it('compares two git revisions of a project', async () => {
    const repository = repositoryWithTwoCommits();

    const result = await runPmap(['diff', 'HEAD~1', 'HEAD', '--project', 'crm'], { cwd: repository });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(gitDiffText);
  });

  it('finds the project in the current folder of a repository', async () => {
    const repository = repositoryWithTwoCommits();

    const result = await runPmap(['diff', 'HEAD~1', 'HEAD'], { cwd: join(repository, 'crm') });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(gitDiffText);
  });

  it('reads the files a folder imports', async () => {
    const before = copyDemoProject();
    const after = copyDemoProject();
    for (const directory of [before, after]) {
      mkdirSync(join(directory, 'shared'));
      writeFileSync(join(directory, 'shared/sizes.pmap'), 'values Size { "S" => "small" }\n');
      editProjectFile(directory, 'specs/company.pmap', '# Pega organizations', 'import "../shared/sizes.pmap"\n# Pega organizations');
    }
    editProjectFile(after, 'shared/sizes.pmap', '"small"', '"tiny"');

    const result = await runPmap(['diff', before, after]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Semantic changes from ${before} to ${after}: value maps: 1 changed

values Size: changed
  ~ "S"
      - "small"
      + "tiny"
`);
  });

  it('names a missing imported file', async () => {
    const before = copyDemoProject();
    editProjectFile(before, 'specs/company.pmap', '# Pega organizations', 'import "lib/missing.pmap"\n# Pega organizations');

    const result = await runPmap(['diff', 'specs', 'specs'], { cwd: before });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: specs/company.pmap imports specs/lib/missing.pmap, which is not found; import paths are relative to the importing file\n');
  });

  it('names an unknown revision', async () => {
    const repository = repositoryWithTwoCommits();

    const result = await runPmap(['diff', 'HEAD~5', 'HEAD', '--project', 'crm'], { cwd: repository });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('pmap: unknown git revision HEAD~5; name a commit, branch or tag of this repository, or an existing folder\n');
  });

  it('names a revision without specs', async () => {
    const repository = repositoryWithTwoCommits();

    const result = await runPmap(['diff', 'HEAD~1', 'HEAD', '--project', 'elsewhere'], { cwd: repository });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: no .pmap files in elsewhere/specs or elsewhere at revision HEAD~1; pass the project folder with --project\n');
  });

  it('names the file and revision of a syntax error', async () => {
    const repository = repositoryWithTwoCommits();
    writeFileSync(join(repository, 'crm/shared/maps.pmap'), 'values Size { "S" => }\n');
    git(repository, 'commit', '-q', '-a', '-m', 'broken');

    const result = await runPmap(['diff', 'HEAD~1', 'HEAD', '--project', 'crm'], { cwd: repository });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error[PM102]');
    expect(result.stderr).toContain('--> HEAD:crm/shared/maps.pmap:1:');
    expect(result.stderr).toContain('pmap diff compares specs that parse; fix the syntax errors above first');
  });

  it('rejects wrong usage', async () => {
    const one = await runPmap(['diff', 'HEAD']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('usage: pmap diff <old> <new>');

    const format = await runPmap(['diff', 'a', 'b', '--format', 'html']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be text or markdown, not "html"');
  });
});

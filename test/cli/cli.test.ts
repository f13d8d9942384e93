import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const password = 'cli-test-secret';

describe('pmap command line', () => {
  let sandbox: Sandbox;
  let client: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ password });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  /** Copies the demo and points its target at this test's sandbox. */
  function demoAgainstSandbox(): string {
    const directory = copyDemoProject();
    editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
    return directory;
  }

  it('runs the demo with an embedded sandbox and prints the report', async () => {
    const result = await runPmap(['apply', copyDemoProject(), '--sandbox']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // Columns: source rows, deduplicated, created, updated, unchanged, rejected, in Odoo.
    expect(result.stdout).toMatch(/Company\s+res\.partner\s+40\s+0\s+40\s+0\s+0\s+0\s+40/);
    expect(result.stdout).toMatch(/Contact\s+res\.partner\s+200\s+0\s+200\s+0\s+0\s+0\s+200/);
    expect(result.stdout).toMatch(/WorkObject\s+crm\.lead\s+500\s+0\s+485\s+0\s+0\s+15\s+485/);
    expect(result.stdout).toContain('WorkObject: 15 x partner_id references a Contact that was not loaded');
    expect(result.stdout).toContain('Owners: 20 Pega operators own the records read: 20 given to the fallback user admin.');
    expect(result.stdout).toContain('Reconciliation: every source row is accounted for, and Odoo holds every loaded record.');
  });

  it('stops on a misspelled column with its position and loads nothing', async () => {
    const directory = demoAgainstSandbox();
    editProjectFile(directory, 'specs/work-object.pmap', 'CaseStage(pyStatusWork)', 'CaseStage(pyStatusWrok)');
    const result = await runPmap(['apply', directory], { cwd: directory, env: { PMAP_ODOO_PASSWORD: password } });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[PM202]: unknown column `pyStatusWrok` in Pega table data.pc_acme_cs_work');
    expect(result.stderr).toContain('--> specs/work-object.pmap:9:27');
    expect(result.stderr).toContain('hint: did you mean `pyStatusWork`?');
    expect(result.stderr).toContain('nothing was loaded');
    expect(result.stdout).toBe('');
    expect(await client.searchCount('ir.model.data', [['module', '=', 'pmap']])).toBe(0);
  });

  it('reports check results as JSON', async () => {
    const directory = copyDemoProject();
    editProjectFile(directory, 'specs/contact.pmap', '  email      =', '  emial      =');
    const result = await runPmap(['check', '.', '--format', 'json'], { cwd: directory });

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        code: 'PM204',
        severity: 'error',
        message: 'unknown field `emial` on Odoo model res.partner',
        location: { file: 'specs/contact.pmap', line: 8, column: 3, endLine: 8, endColumn: 8 },
        hint: 'did you mean `email`?',
      },
    ]);
  });

  it('writes byte-identical plans for identical inputs', async () => {
    const directory = copyDemoProject();
    const first = await runPmap(['plan', '.', '--offline', '--out', 'first.json'], { cwd: directory });
    const second = await runPmap(['plan', '.', '--offline', '--out', 'second.json'], { cwd: directory });

    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.stdout).toContain('1. Company: customerdata.organization (key OrganizationID) -> res.partner');
    expect(readFileSync(join(directory, 'second.json'), 'utf8')).toBe(readFileSync(join(directory, 'first.json'), 'utf8'));
  });

  it('asks for the password variable instead of failing later', async () => {
    const result = await runPmap(['apply', demoAgainstSandbox()], { env: { PMAP_ODOO_PASSWORD: undefined } });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'pmap: the environment variable PMAP_ODOO_PASSWORD is not set or is empty; export the Odoo password or API key in it (target.password_env in pmap.yaml names the variable), or run with --sandbox\n',
    );
  });

  it('reports a refused login without the password', async () => {
    const result = await runPmap(['apply', demoAgainstSandbox()], { env: { PMAP_ODOO_PASSWORD: 'wrong-password' } });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Odoo refused the login `admin` on database `sandbox`');
    expect(result.stderr).not.toContain('wrong-password');
    expect(result.stdout).not.toContain('wrong-password');
  });

  it('reports a phase that fails halfway on a malformed extract', async () => {
    const directory = demoAgainstSandbox();
    // owner(...) reads the cases before their phase starts and would find the damage first.
    editProjectFile(directory, 'specs/work-object.pmap', '  user_id     = owner(pxCreateOperator)', '');
    const path = join(directory, 'extract', 'data.pc_acme_cs_work.xml');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.indexOf('</ACME-CS-Work-Service>', 150_000)));
    const result = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: password } });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Contact\s+res\.partner\s+200\s+0\s+200\s+0\s+0\s+0\s+200/);
    // Rows read before the failure but not yet sent stay out of Odoo; what was created is counted there.
    expect(result.stdout).toMatch(/WorkObject\s+crm\.lead\s+\d+\s+0\s+(\d+)\s+0\s+0\s+\d+\s+\1\n/);
    expect(result.stdout).toMatch(/WorkObject: failed after reading \d+ source rows \(\d+ created, 0 updated, 0 unchanged, \d+ rejected\): .*data\.pc_acme_cs_work\.xml:\d+:\d+: unexpected end of file/);
    expect(result.stdout).toContain('the records loaded before the failure stay in Odoo');
  });

  it('stops before loading when a lookup source is malformed', async () => {
    const directory = demoAgainstSandbox();
    const path = join(directory, 'extract', 'customerdata.organization.xml');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.indexOf('</PegaData-Organization>', 2000)));
    const before = await client.searchCount('ir.model.data', [['module', '=', 'pmap']]);
    const result = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: password } });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^pmap: .*customerdata\.organization\.xml:\d+:\d+: unexpected end of file inside <PegaData-Organization>/);
    expect(await client.searchCount('ir.model.data', [['module', '=', 'pmap']])).toBe(before);
  });

  it('rejects unknown commands with usage exit code 2', async () => {
    const result = await runPmap(['aply']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("pmap: unknown command \"aply\"; did you mean `apply`?\nrun `pmap --help` for usage\n");
  });

  it('names an unknown option', async () => {
    const result = await runPmap(['check', '--fromat', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pmap: unknown option --fromat\nrun `pmap --help` for usage\n');
  });

  it('refuses verify --all with --sample', async () => {
    const result = await runPmap(['verify', '.', '--all', '--sample', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pmap: --sample and --all exclude each other: --all compares every record, --sample N a random N per object\nrun `pmap --help` for usage\n');
  });

  it('refuses verify --seed without --sample', async () => {
    const result = await runPmap(['verify', '.', '--seed', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pmap: --seed chooses the records of --sample; add --sample N, or drop --seed to compare every record\nrun `pmap --help` for usage\n');
  });

  it('explains a plan path that cannot be written', async () => {
    const directory = copyDemoProject();
    const result = await runPmap(['plan', '.', '--out', 'specs'], { cwd: directory });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: cannot write the plan to specs: it is a folder; pass a file path in an existing folder to --out\n');
  });

  it('explains a sandbox port that is taken', async () => {
    const result = await runPmap(['sandbox', '--port', String(sandbox.port)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`pmap: port ${sandbox.port} on 127.0.0.1 is already in use; choose another with --port (an Odoo on this machine usually uses 8069)\n`);
  });

  it('names an unknown Odoo database', async () => {
    const directory = demoAgainstSandbox();
    editProjectFile(directory, 'pmap.yaml', 'database: sandbox', 'database: prod');
    const result = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: password } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`pmap: Odoo at ${sandbox.url} has no database \`prod\`; check target.database in pmap.yaml\n`);
  });
});

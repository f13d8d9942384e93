import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunLog } from '../../cli/run-log.js';
import { injectFaults, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const PASSWORD = 'log-test-Secret-7f3c9a';

interface LogLine {
  readonly time: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

function readLog(directory: string): { path: string; lines: LogLine[] } {
  const folder = join(directory, '.pmap', 'logs');
  const files = readdirSync(folder);
  expect(files).toHaveLength(1);
  const path = join(folder, files[0]!);
  return { path, lines: readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LogLine) };
}

/** Lists every file under a folder, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('run log redaction', () => {
  it('replaces secrets and URL passwords', () => {
    const directory = mkdtempSync(join(tmpdir(), 'pmap-log-'));
    const log = RunLog.open(directory, 'apply', new Date('2026-01-02T03:04:05.678Z'), ['odoo-"pass"word', 'postgres://pega:p%40ss-word@db:5432/pega']);
    log.write('error', { message: 'login odoo-"pass"word refused; postgres://pega:p%40ss-word@db:5432/pega; p@ss-word' });
    log.close();

    expect(log.path).toBe(join(directory, '.pmap', 'logs', 'apply-2026-01-02T03-04-05-678Z.jsonl'));
    const text = readFileSync(log.path, 'utf8');
    const line = JSON.parse(text) as LogLine;
    expect(line.event).toBe('error');
    expect(line.message).toBe('login [redacted] refused; [redacted]; [redacted]');
    expect(text).not.toContain('pass');
    expect(text).not.toContain('ss-word');
  });
});

describe('apply run log', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: PASSWORD });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  function demoAgainstSandbox(): string {
    const directory = copyDemoProject();
    editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
    return directory;
  }

  it('records phases, batches, retries and rejects', async () => {
    const directory = demoAgainstSandbox();
    // The first three creates meet a proxy's HTTP 503, so the client sends them again.
    injectFaults(sandbox, { httpStatusRate: { status: 503, rate: 1, retryAfterSeconds: 0 }, methods: ['create'], limit: 3, seed: 1 });
    const result = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: PASSWORD } });
    expect(result.code).toBe(0);

    const { path, lines } = readLog(directory);
    expect(result.stdout).toMatch(new RegExp(`^Log written to .*${basename(path).replace(/\./g, '\\.')}$`, 'm'));
    const events = lines.map((line) => line.event);
    expect(events[0]).toBe('command-start');
    expect(events.slice(1, 3)).toEqual(['confirmation', 'run-start']);
    expect(events.slice(-2)).toEqual(['run-end', 'command-end']);
    expect(lines.every((line) => !Number.isNaN(Date.parse(line.time)))).toBe(true);

    expect(lines.find((line) => line.event === 'confirmation')?.outcome).toBe('not-asked');
    const runStart = lines.find((line) => line.event === 'run-start')!;
    expect(runStart.run).toBe(1);
    expect(runStart.resumed).toBe(false);
    expect(runStart.target).toBe(`${sandbox.url} sandbox`);

    const phaseStarts = lines.filter((line) => line.event === 'phase-start');
    expect(phaseStarts.map((line) => [line.object, line.table, line.model, line.expectedRows])).toEqual([
      ['Company', 'customerdata.organization', 'res.partner', 40],
      ['Contact', 'customerdata.contact', 'res.partner', 200],
      ['WorkObject', 'data.pc_acme_cs_work', 'crm.lead', 500],
    ]);

    const batches = lines.filter((line) => line.event === 'batch');
    expect(batches.map((line) => `${line.object} ${line.batch} ${line.sourceRows}`)).toEqual([
      'Company 1 40',
      'Contact 1 100',
      'Contact 2 200',
      'WorkObject 1 100',
      'WorkObject 2 200',
      'WorkObject 3 300',
      'WorkObject 4 400',
      'WorkObject 5 500',
    ]);

    const retries = lines.filter((line) => line.event === 'retry');
    expect(retries).toHaveLength(3);
    for (const retry of retries) {
      expect(retry.method).toBe('create');
      expect(retry.error).toMatch(/^OdooConnectionError: .*503/);
    }
    expect(lines.find((line) => line.event === 'phase-end' && line.object === 'Company')?.retries).toBe(3);

    const workObject = lines.find((line) => line.event === 'phase-end' && line.object === 'WorkObject')!;
    expect(workObject.status).toBe('succeeded');
    expect([workObject.sourceRows, workObject.created, workObject.rejected, workObject.odooCount]).toEqual([500, 485, 15, 485]);
    expect(workObject.rejectsByReason).toEqual([
      expect.objectContaining({ code: 'missing-reference', summary: 'partner_id references a Contact that was not loaded', count: 15 }),
    ]);

    const runEnd = lines.find((line) => line.event === 'run-end')!;
    expect(runEnd).toMatchObject({ run: 1, status: 'succeeded', exitCode: 0, retries: 3, rejectFiles: ['.pmap/rejects/work_object.jsonl'] });
  });

  it('never writes the password to logs, state or reports', async () => {
    const directory = demoAgainstSandbox();
    const first = await runPmap(['apply', directory, '--verbose'], { env: { PMAP_ODOO_PASSWORD: PASSWORD } });
    const second = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: PASSWORD } });
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);

    const files = filesUnder(join(directory, '.pmap'));
    expect(files.filter((file) => file.includes(join('.pmap', 'logs')))).toHaveLength(2);
    expect(files.some((file) => file.endsWith('state.db'))).toBe(true);
    expect(files.some((file) => file.endsWith('last-apply.json'))).toBe(true);
    for (const file of files) {
      expect(readFileSync(file).includes(Buffer.from(PASSWORD)), file).toBe(false);
    }
    for (const output of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(output).not.toContain(PASSWORD);
  });

  it('logs a refused login as an error without the password', async () => {
    const directory = demoAgainstSandbox();
    const wrong = 'wrong-Password-4e1b';
    const result = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: wrong } });
    expect(result.code).toBe(1);

    const { lines } = readLog(directory);
    const error = lines.find((line) => line.event === 'error')!;
    expect(error.name).toBe('OdooAuthenticationError');
    expect(error.message).toContain('Odoo refused the login `admin` on database `sandbox`');
    expect(lines.at(-1)).toMatchObject({ event: 'command-end', exitCode: 1 });
    expect(lines.some((line) => line.event === 'run-start')).toBe(false);
    expect(JSON.stringify(lines)).not.toContain(wrong);
  });
});

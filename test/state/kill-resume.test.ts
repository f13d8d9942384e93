import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { injectFaults, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { SeededRandom } from '../fixtures/seeded-random.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';
import { demoContent } from './odoo-content.js';

const binary = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const PASSWORD = 'kill-resume';
const KILLS = 20;

/** Points a demo copy at a sandbox and makes batches small, so a kill can land between many of them. */
function projectFor(sandbox: Sandbox, concurrency = 1): string {
  const directory = copyDemoProject();
  editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
  editProjectFile(directory, 'pmap.yaml', 'batch_size: 100', `batch_size: 25\n  concurrency: ${concurrency}`);
  return directory;
}

/** Starts `pmap apply` and kills it with SIGKILL after `delayMs`; resolves when the process is gone. */
function applyAndKill(directory: string, delayMs: number): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binary, 'apply', directory], { env: { ...process.env, PMAP_ODOO_PASSWORD: PASSWORD } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', output });
    });
  });
}

describe('apply killed at random points', () => {
  let interrupted: Sandbox;
  let clean: Sandbox;

  beforeAll(async () => {
    interrupted = await startSandbox({ password: PASSWORD });
    clean = await startSandbox({ password: PASSWORD });
    // A little latency per call stretches the run, so kills land inside it.
    injectFaults(interrupted, { latencyMs: 2, seed: 1 });
  });

  afterAll(async () => {
    await interrupted.close();
    await clean.close();
  });

  /** Kills apply again and again, resumes it, and compares the result with a clean run. */
  async function killAndResume(interrupted: Sandbox, concurrency: number, seed: number): Promise<void> {
    const directory = projectFor(interrupted, concurrency);
    const random = new SeededRandom(seed);
    let kills = 0;
    for (let attempt = 0; attempt < KILLS; attempt += 1) {
      const result = await applyAndKill(directory, 150 + Math.floor(random.next() * 1500));
      if (result.killed) kills += 1;
    }
    expect(kills).toBeGreaterThan(KILLS / 2);

    const resumed = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: PASSWORD } });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);

    const cleanDirectory = projectFor(clean);
    const cleanRun = await runPmap(['apply', cleanDirectory], { env: { PMAP_ODOO_PASSWORD: PASSWORD } });
    expect(cleanRun.code).toBe(0);

    const connect = (sandbox: Sandbox) => OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: PASSWORD });
    const afterKills = await demoContent(await connect(interrupted));
    const afterCleanRun = await demoContent(await connect(clean));
    expect(afterKills.totals).toEqual(afterCleanRun.totals);
    expect(afterKills.records).toEqual(afterCleanRun.records);

    const verified = await runPmap(['verify', directory, '--all'], { env: { PMAP_ODOO_PASSWORD: PASSWORD } });
    expect(verified.stdout).toContain('Every checked record matches');
    expect(verified.code).toBe(0);

    const again = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: PASSWORD } });
    expect(again.stdout).toContain('No changes');
  }

  it('ends with the records of a clean run', async () => {
    await killAndResume(interrupted, 1, 20261205);
  }, 240_000);

  it('ends with the records of a clean run with concurrency 4', async () => {
    const sandbox = await startSandbox({ password: PASSWORD });
    injectFaults(sandbox, { latencyMs: 2, seed: 2 });
    try {
      await killAndResume(sandbox, 4, 20261206);
    } finally {
      await sandbox.close();
    }
  }, 240_000);

  it('stops at a batch boundary on Ctrl-C and resumes', async () => {
    const sandbox = await startSandbox({ password: PASSWORD });
    injectFaults(sandbox, { latencyMs: 2, seed: 3 });
    try {
      const directory = projectFor(sandbox);
      const child = spawn(process.execPath, [binary, 'apply', directory], { env: { ...process.env, PMAP_ODOO_PASSWORD: PASSWORD } });
      let output = '';
      let interrupted = false;
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (!interrupted && output.includes('loading Contact')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(output).toContain('stopping after the batch in progress');
      expect(output).toContain('stopped on request after a committed batch');
      expect(code).toBe(130);

      const resumed = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: PASSWORD } });
      expect(resumed.stdout).toMatch(/resuming run 1/);
      expect(resumed.code).toBe(0);
      const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: PASSWORD });
      expect(await demoContent(client)).toEqual(await demoContent(await OdooClient.connect({ url: clean.url, database: clean.database, login: clean.login, password: PASSWORD })));
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { injectFaults, startSandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { createTestDatabase, releaseTestDatabases } from '../support/postgres.js';
import { runPmap } from '../support/run-pmap.js';

afterAll(releaseTestDatabases);

const binary = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const PASSWORD = 'lock';

describe('two applies on the PostgreSQL state', () => {
  it('runs one and turns the other away with the holder', async (context) => {
    const database = await createTestDatabase('state-lock');
    if (!database.features.concurrentTransactions) context.skip('PGlite serves one connection at a time, so two pmap processes cannot both reach it');

    const sandbox = await startSandbox({ password: PASSWORD });
    injectFaults(sandbox, { latencyMs: 25, seed: 2 });
    const directory = copyDemoProject();
    editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
    editProjectFile(directory, 'pmap.yaml', 'options:', `state:\n  kind: postgres\n  url_env: PMAP_STATE_URL\n  schema: ${database.schemaPrefix}pmap_state\n\noptions:`);
    const env = { ...process.env, PMAP_ODOO_PASSWORD: PASSWORD, PMAP_STATE_URL: database.connectionString };

    try {
      const first = spawn(process.execPath, [binary, 'apply', directory], { env });
      let firstOutput = '';
      const firstDone = new Promise<number | null>((resolve) => first.on('close', resolve));
      await new Promise<void>((resolve) => {
        first.stdout.on('data', (chunk: Buffer) => {
          firstOutput += chunk.toString();
          if (firstOutput.includes('loading Company')) resolve();
        });
      });

      const second = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: PASSWORD, PMAP_STATE_URL: database.connectionString } });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/another pmap apply holds the state lock in PostgreSQL database .*: \S+@\S+, process \d+, since/);
      expect(second.stderr).not.toContain(database.connectionString);

      expect(await firstDone).toBe(0);
      const third = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: PASSWORD, PMAP_STATE_URL: database.connectionString } });
      expect(third.stdout).toContain('No changes');
      expect(third.code).toBe(0);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});

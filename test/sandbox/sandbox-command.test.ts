// `pmap sandbox` with a state file: data created through one run is there
// in the next.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, test } from 'vitest';

import { runPmap } from '../support/run-pmap.js';
import { OdooClient } from './odoo-client.js';

const binary = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

interface RunningSandbox {
  child: ChildProcessWithoutNullStreams;
  url: string;
  banner: string;
}

/** Starts `pmap sandbox --port 0` and resolves with its URL once it prints its banner. */
function startCommand(env: Record<string, string>): Promise<RunningSandbox> {
  const child = spawn(process.execPath, [binary, 'sandbox', '--port', '0'], { env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url && output.includes('press Ctrl-C to stop')) resolve({ child, url, banner: output });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`pmap sandbox exited with code ${code}: ${output}`)));
  });
}

function stopCommand(running: RunningSandbox): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('close');
    running.child.on('close', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

/** Creates an XML-RPC client of the sandbox that a command serves, logged in as the administrator. */
function clientFor(running: RunningSandbox, password: string): OdooClient {
  const port = Number(new URL(running.url).port);
  const sandbox = { url: running.url, port, database: 'sandbox', login: 'admin', serverVersion: '16.0' as const, close: async () => {} };
  return new OdooClient(sandbox, 2, password);
}

describe('pmap sandbox command', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'pmap-sandbox-command-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  test('keeps data across restarts with PMAP_SANDBOX_STATE', async () => {
    const env = { PMAP_SANDBOX_STATE: join(folder, 'state.json'), PMAP_ODOO_PASSWORD: 's3cret' };

    const first = await startCommand(env);
    expect(first.banner).toContain(`data is kept in ${env.PMAP_SANDBOX_STATE}`);
    const id = await clientFor(first, 's3cret').executeKw('res.partner', 'create', [{ name: 'Survivor' }]);
    expect(await stopCommand(first)).toBe(0);

    const second = await startCommand(env);
    try {
      const names = await clientFor(second, 's3cret').executeKw('res.partner', 'read', [[id], ['name']]);
      expect(names).toEqual([{ id, name: 'Survivor' }]);
    } finally {
      expect(await stopCommand(second)).toBe(0);
    }
  });

  test('serves Odoo 19.0 with JSON-2 when asked', async () => {
    const running = await startCommand({ PMAP_SANDBOX_VERSION: '19.0', PMAP_SANDBOX_API_KEY: 'key-19' });
    try {
      expect(running.banner).toContain('Odoo 19.0 sandbox listening on');
      const response = await fetch(`${running.url}/json/2/res.country/search_count`, {
        method: 'POST',
        headers: { Authorization: 'bearer key-19', 'Content-Type': 'application/json' },
        body: JSON.stringify({ domain: [['code', '=', 'FR']] }),
      });
      expect(await response.json()).toBe(1);
    } finally {
      await stopCommand(running);
    }
  });

  test('explains an unsupported version', async () => {
    const result = await runPmap(['sandbox', '--port', '0'], { env: { PMAP_SANDBOX_VERSION: '17.0' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: the server version (--server-version or PMAP_SANDBOX_VERSION) must be 16.0 or 19.0, not "17.0"\n');
  });
});

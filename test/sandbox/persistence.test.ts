// persistFile: a sandbox keeps its database in a JSON file across restarts.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, test } from 'vitest';

import { StateFileError } from '../../sandbox/persistence.js';
import { SandboxOptionError, startSandbox } from '../../sandbox/server.js';
import { OdooClient, expectFault } from './odoo-client.js';

describe('persistence', () => {
  let folder: string;
  let stateFile: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'pmap-sandbox-state-'));
    stateFile = join(folder, 'sandbox.json');
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  test('records and custom fields survive a restart', async () => {
    const first = await startSandbox({ persistFile: stateFile });
    const odoo = new OdooClient(first);
    const [modelId] = (await odoo.executeKw('ir.model', 'search', [[['model', '=', 'res.partner']]])) as number[];
    await odoo.executeKw('ir.model.fields', 'create', [
      { model_id: modelId, name: 'x_legacy_id', ttype: 'char', field_description: 'Legacy ID', state: 'manual' },
    ]);
    const partnerId = (await odoo.executeKw('res.partner', 'create', [{ name: 'Kept', x_legacy_id: 'L-1' }])) as number;
    await first.close();

    const second = await startSandbox({ persistFile: stateFile });
    try {
      const again = new OdooClient(second);
      expect(await again.executeKw('res.partner', 'read', [[partnerId], ['name', 'x_legacy_id']])).toEqual([
        { id: partnerId, name: 'Kept', x_legacy_id: 'L-1' },
      ]);
      const nextId = (await again.executeKw('res.partner', 'create', [{ name: 'Next' }])) as number;
      expect(nextId).toBeGreaterThan(partnerId);
    } finally {
      await second.close();
    }
  });

  test('the file is written at start and after each committed call only', async () => {
    const sandbox = await startSandbox({ persistFile: stateFile });
    try {
      const odoo = new OdooClient(sandbox);
      const atStart = readFileSync(stateFile, 'utf8');
      expect(JSON.parse(atStart)).toMatchObject({ format: 'pmap-sandbox-state', version: 1, series: '16.0', database: 'sandbox' });

      await expectFault(odoo.executeKw('res.partner', 'create', [{ email: 'no-name@example.com' }]));
      await odoo.executeKw('res.partner', 'search', [[]]);
      expect(readFileSync(stateFile, 'utf8')).toBe(atStart);

      await odoo.executeKw('res.partner', 'create', [{ name: 'Saved' }]);
      expect(readFileSync(stateFile, 'utf8')).toContain('"Saved"');
      expect(readdirSync(folder)).toEqual(['sandbox.json']);
    } finally {
      await sandbox.close();
    }
  });

  test('the login and password of the options apply to a saved database', async () => {
    const first = await startSandbox({ persistFile: stateFile, password: 'old' });
    await first.close();

    const second = await startSandbox({ persistFile: stateFile, password: 'new' });
    try {
      const odoo = new OdooClient(second, 2, 'new');
      expect(await odoo.common('authenticate', [second.database, 'admin', 'new', {}])).toBe(2);
      expect(await odoo.common('authenticate', [second.database, 'admin', 'old', {}])).toBe(false);
    } finally {
      await second.close();
    }
  });

  test('a file of another series is refused', async () => {
    const sandbox = await startSandbox({ persistFile: stateFile });
    await sandbox.close();
    await expect(startSandbox({ persistFile: stateFile, serverVersion: '19.0' })).rejects.toThrow(SandboxOptionError);
  });

  test('a file that is not a state file is refused', async () => {
    writeFileSync(stateFile, '{"hello": 1}');
    await expect(startSandbox({ persistFile: stateFile })).rejects.toThrow(StateFileError);
    writeFileSync(stateFile, '{not json');
    await expect(startSandbox({ persistFile: stateFile })).rejects.toThrow(/not valid JSON/);
  });
});

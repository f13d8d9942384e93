// persistFile: a sandbox keeps its database in a JSON-lines file across restarts.

import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  /** Starts a sandbox again on the state file, runs the checks against it and stops it. */
  const withRestartedSandbox = async (check: (odoo: OdooClient) => Promise<void>): Promise<void> => {
    const sandbox = await startSandbox({ persistFile: stateFile });
    try {
      await check(new OdooClient(sandbox));
    } finally {
      await sandbox.close();
    }
  };

  test('records and custom fields survive a restart', async () => {
    const first = await startSandbox({ persistFile: stateFile });
    const odoo = new OdooClient(first);
    const [modelId] = (await odoo.executeKw('ir.model', 'search', [[['model', '=', 'res.partner']]])) as number[];
    await odoo.executeKw('ir.model.fields', 'create', [
      { model_id: modelId, name: 'x_legacy_id', ttype: 'char', field_description: 'Legacy ID', state: 'manual' },
    ]);
    const partnerId = (await odoo.executeKw('res.partner', 'create', [{ name: 'Kept', x_legacy_id: 'L-1' }])) as number;
    await first.close();

    await withRestartedSandbox(async (again) => {
      expect(await again.executeKw('res.partner', 'read', [[partnerId], ['name', 'x_legacy_id']])).toEqual([
        { id: partnerId, name: 'Kept', x_legacy_id: 'L-1' },
      ]);
      const nextId = (await again.executeKw('res.partner', 'create', [{ name: 'Next' }])) as number;
      expect(nextId).toBeGreaterThan(partnerId);
    });
  });

  test('appends one line per committed call', async () => {
    const sandbox = await startSandbox({ persistFile: stateFile });
    try {
      const odoo = new OdooClient(sandbox);
      const atStart = readFileSync(stateFile, 'utf8');
      const [header] = atStart.split('\n');
      expect(JSON.parse(header!)).toEqual({ format: 'pmap-sandbox-state', version: 2, series: '16.0', database: 'sandbox' });

      await expectFault(odoo.executeKw('res.partner', 'create', [{ email: 'no-name@example.com' }]));
      await odoo.executeKw('res.partner', 'search', [[]]);
      const afterReads = readFileSync(stateFile, 'utf8');
      // The failed create took an id from the sequence, as PostgreSQL's does; the rows are unchanged.
      const appendedByFailure = afterReads.slice(atStart.length).split('\n').filter(Boolean).map((line) => JSON.parse(line));
      expect(appendedByFailure.flatMap((line) => line.rows.filter((row: unknown[]) => row[2] !== null && (row[2] as { email?: string }).email === 'no-name@example.com'))).toEqual([]);

      const id = (await odoo.executeKw('res.partner', 'create', [{ name: 'Saved' }])) as number;
      const appended = readFileSync(stateFile, 'utf8').slice(afterReads.length).trimEnd().split('\n');
      expect(appended).toHaveLength(1);
      expect(JSON.parse(appended[0]!).rows).toContainEqual(['res.partner', id, expect.objectContaining({ id, name: 'Saved' })]);
      expect(readdirSync(folder)).toEqual(['sandbox.json']);
    } finally {
      await sandbox.close();
    }
  });

  test('updates and deletes replay in order after a restart', async () => {
    const first = await startSandbox({ persistFile: stateFile });
    const odoo = new OdooClient(first);
    const renamed = (await odoo.executeKw('res.partner', 'create', [{ name: 'Before' }])) as number;
    const deleted = (await odoo.executeKw('res.partner', 'create', [{ name: 'Gone' }])) as number;
    await odoo.executeKw('res.partner', 'write', [[renamed], { name: 'After' }]);
    await odoo.executeKw('res.partner', 'unlink', [[deleted]]);
    await first.close();

    await withRestartedSandbox(async (again) => {
      expect(await again.executeKw('res.partner', 'read', [[renamed], ['name']])).toEqual([{ id: renamed, name: 'After' }]);
      expect(await again.executeKw('res.partner', 'search', [[['id', '=', deleted]]])).toEqual([]);
    });
  });

  test('drops a torn last line', async () => {
    const first = await startSandbox({ persistFile: stateFile });
    const odoo = new OdooClient(first);
    const saved = (await odoo.executeKw('res.partner', 'create', [{ name: 'Answered' }])) as number;
    await first.close();
    appendFileSync(stateFile, '{"rows":[["res.partner",999999,{"id":999999,"na');

    await withRestartedSandbox(async (again) => {
      expect(await again.executeKw('res.partner', 'search', [[['id', 'in', [saved, 999999]]]])).toEqual([saved]);
      expect(readFileSync(stateFile, 'utf8').endsWith('\n')).toBe(true);
      expect(readFileSync(stateFile, 'utf8')).not.toContain('999999');
    });
  });

  test('compacts a grown file', async () => {
    const sandbox = await startSandbox({ persistFile: stateFile });
    const odoo = new OdooClient(sandbox);
    const names = Array.from({ length: 20_000 }, (_, index) => ({ name: `P${index}` }));
    const ids = (await odoo.executeKw('res.partner', 'create', [names])) as number[];
    const sizes: number[] = [];
    for (let round = 1; round <= 4; round += 1) {
      await odoo.executeKw('res.partner', 'write', [ids, { comment: `round ${round}` }]);
      sizes.push(readFileSync(stateFile).length);
    }
    await sandbox.close();

    // Each round appends 20,000 versions until they pass twice the live rows plus the slack. Then one rewrite shrinks the file.
    expect(sizes[1]).toBeGreaterThan(sizes[0]!);
    expect(sizes.some((size, round) => round > 0 && size < sizes[round - 1]!)).toBe(true);
    await withRestartedSandbox(async (reread) => {
      expect(await reread.executeKw('res.partner', 'search_count', [[['comment', '=', 'round 4']]])).toBe(ids.length);
    });
  }, 60_000);

  test('reads a version 1 file', async () => {
    const first = await startSandbox({ persistFile: stateFile });
    await first.close();
    const rows: Record<string, unknown[]> = {};
    const sequences: Record<string, number> = {};
    for (const line of readFileSync(stateFile, 'utf8').trimEnd().split('\n').slice(1)) {
      const parsed = JSON.parse(line) as { rows: Array<[string, number, unknown]>; sequences: Record<string, number> };
      for (const [model, , row] of parsed.rows) (rows[model] ??= []).push(row);
      Object.assign(sequences, parsed.sequences);
    }
    const partners = rows['res.partner'] as Array<{ id: number; name: string }>;
    partners[0]!.name = 'Written by version 1';
    writeFileSync(stateFile, JSON.stringify({ format: 'pmap-sandbox-state', version: 1, series: '16.0', database: 'sandbox', tables: rows, sequences }));

    await withRestartedSandbox(async (again) => {
      expect(await again.executeKw('res.partner', 'read', [[partners[0]!.id], ['name']])).toEqual([{ id: partners[0]!.id, name: 'Written by version 1' }]);
      expect(JSON.parse(readFileSync(stateFile, 'utf8').split('\n')[0]!).version).toBe(2);
    });
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
    writeFileSync(stateFile, '{"format":"pmap-sandbox-state","version":2,"series":"16.0","database":"sandbox"}\n{broken\n{"rows":[],"sequences":{}}\n');
    await expect(startSandbox({ persistFile: stateFile })).rejects.toThrow(/Line 2 of the sandbox state file .* is not valid JSON/);
  });
});

// Behaviours that raise no fault but change what pmap must do: Odoo ignores
// log-access fields on create, and reads of deleted ids return nothing.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { conformanceTargets, recordPrefix, type ConnectedTarget } from './targets.js';

for (const target of conformanceTargets) {
  describe.skipIf(target.skip)(`quiet behaviours on ${target.label}`, () => {
    let connected: ConnectedTarget;
    const created: number[] = [];

    beforeAll(async () => {
      connected = await target.start();
    });
    afterAll(async () => {
      if (created.length > 0) await connected?.client.executeKw('res.partner', 'unlink', [created]);
      await connected?.close();
    });

    test('create ignores log-access fields', async () => {
      const ids = await connected.client.create('res.partner', [
        { name: `${recordPrefix} log access`, create_date: '2001-02-03 04:05:06', write_date: '2001-02-03 04:05:06' },
      ]);
      created.push(...ids);

      const [record] = await connected.client.read('res.partner', ids, ['create_date', 'write_date', 'create_uid']);
      expect(record?.create_date).not.toBe('2001-02-03 04:05:06');
      expect(record?.write_date).not.toBe('2001-02-03 04:05:06');
      expect(String(record?.create_date).slice(0, 4)).not.toBe('2001');
      expect(Array.isArray(record?.create_uid) ? record.create_uid[0] : record?.create_uid).toBe(connected.client.uid);
    });

    test('create with a list returns ids in order', async () => {
      const ids = await connected.client.create('res.partner', [{ name: `${recordPrefix} first` }, { name: `${recordPrefix} second` }]);
      created.push(...ids);

      expect(ids).toHaveLength(2);
      const records = await connected.client.read('res.partner', ids, ['name']);
      expect(records.map((record) => record.name)).toEqual([`${recordPrefix} first`, `${recordPrefix} second`]);
    });

    test('read of a deleted id is empty', async () => {
      const [id = 0] = await connected.client.create('res.partner', [{ name: `${recordPrefix} to delete` }]);
      await connected.client.executeKw('res.partner', 'unlink', [[id]]);

      expect(await connected.client.read('res.partner', [id], ['name'])).toEqual([]);
      expect(await connected.client.searchCount('res.partner', [['id', '=', id]])).toBe(0);
    });

    test('search sees archived records with active_test off', async () => {
      const [id = 0] = await connected.client.create('res.partner', [{ name: `${recordPrefix} archived`, active: false }]);
      created.push(id);

      const found = await connected.client.searchRead('res.partner', [['id', '=', id]], ['active']);
      expect(found).toEqual([{ id, active: false }]);
    });
  });
}

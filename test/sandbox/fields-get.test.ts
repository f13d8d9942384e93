// fields_get returns the metadata recorded on a real Odoo 16.0 server.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient } from './odoo-client.js';
import { FIELDS_REFERENCE_DIRECTORY, hasReference } from './reference-errors.js';

describe('fields_get', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    odoo = new OdooClient(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  test.skipIf(!hasReference)('res.partner equals the real server output', async () => {
    const expected = JSON.parse(readFileSync(join(FIELDS_REFERENCE_DIRECTORY, 'fields_get.res.partner.json'), 'utf8')) as unknown;
    expect(await odoo.executeKw('res.partner', 'fields_get', [])).toEqual(expected);
  });

  test('attributes keeps only the requested keys', async () => {
    const fields = (await odoo.executeKw('crm.lead', 'fields_get', [], {
      attributes: ['string', 'type', 'required', 'selection'],
    })) as Record<string, Record<string, unknown>>;

    expect(fields.priority).toEqual({
      string: 'Priority',
      type: 'selection',
      required: false,
      selection: [
        ['0', 'Low'],
        ['1', 'Medium'],
        ['2', 'High'],
        ['3', 'Very High'],
      ],
    });
    expect(fields.name).toEqual({ string: 'Opportunity', type: 'char', required: true });
  });

  test('allfields keeps only the requested fields', async () => {
    const fields = (await odoo.executeKw('res.country', 'fields_get', [['code', 'name', 'no_such_field'], ['string']])) as Record<
      string,
      unknown
    >;
    expect(fields).toEqual({ code: { string: 'Country Code' }, name: { string: 'Country Name' } });
  });
});

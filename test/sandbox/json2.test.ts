// JSON-2 (`POST /json/2/<model>/<method>`) as a real Odoo 19.0 serves it,
// and XML-RPC on the same 19.0 sandbox.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { Json2Client, type Json2Response } from './json2-client.js';
import { OdooClient, expectFault, lastTracebackLine } from './odoo-client.js';
import { hasJson2Reference, readReferenceJson2, type ReferenceJson2Response } from './reference-errors.js';

const API_KEY = 'b1946ac92492d2347c6235b4d2611184';
const DELETED_ID = 999_999;

type Json2Call = (client: Json2Client, ids: { partner: number }) => Promise<Json2Response>;

// Each call is the one recorded on a real Odoo 19.0 under that number.
const CALLS: Record<string, Json2Call> = {
  J1: (json2) => json2.call('res.partner', 'create', { vals_list: [{ name: 'x', x_no_such_field: 1 }] }),
  J2: (json2) => json2.call('crm.lead', 'create', { vals_list: [{ name: 'x', no_such_field: 'y' }] }),
  J3: (json2, { partner }) => json2.call('res.partner', 'write', { ids: [partner], vals: { no_such_field: 1 } }),
  J4: (json2, { partner }) => json2.call('res.partner', 'read', { ids: [partner], fields: ['no_such_field'] }),
  J5: (json2) => json2.call('res.partner', 'search', { domain: [['no_such_field', '=', 1]] }),
  J6: (json2) => json2.call('crm.lead', 'create', { vals_list: [{ name: 'x', priority: '7' }] }),
  J7: (json2) => json2.call('crm.lead', 'create', { vals_list: [{ name: 'x', type: 'deal' }] }),
  J8: (json2) => json2.call('crm.lead', 'create', { vals_list: [{ type: 'lead' }] }),
  J9: (json2) => json2.call('crm.lead', 'create', { vals_list: [{}] }),
  J10: (json2) => json2.call('crm.stage', 'create', { vals_list: [{ sequence: 5 }] }),
  J11: (json2) => json2.call('crm.lead', 'create', { vals_list: [{ name: 'x', partner_id: 99999999 }] }),
  J12: (json2) => json2.call('crm.lead', 'create', { vals_list: [{ name: 'x', stage_id: 99999999 }] }),
  J13: (json2) => json2.call('res.partner', 'create', { vals_list: [{ name: 'x', country_id: 99999999 }] }),
  J14: (json2) => json2.call('res.partner', 'write', { ids: [DELETED_ID], vals: { name: 'y' } }),
  J17: (json2) => json2.call('res.partner', 'unlink', { ids: [DELETED_ID] }),
  J18: (json2) => json2.call('crm.lead', 'create', { vals_list: [{ name: 'x', color: 'abc' }] }),
  J19: (json2) =>
    json2.call('res.partner', 'create', {
      vals_list: [{ name: 'batch ok 1' }, { name: 'batch bad', country_id: 99999999 }, { name: 'batch ok 3' }],
    }),
  J20: (json2) => json2.call('x.no.such.model', 'search', { domain: [] }),
  J21: (json2) => json2.call('res.partner', 'no_such_method', {}),
  J22: (json2, { partner }) => json2.call('res.partner', '_compute_display_name', { ids: [partner] }),
  J23: (json2) => json2.call('res.partner', 'search_read', { domain: [], bogus: 1 }),
  J24: (json2) => json2.call('res.partner', 'search', { args: [[]] }),
  J25: (json2, { partner }) => json2.call('res.partner', 'create', { ids: [partner], vals_list: [{ name: 'x' }] }),
  J26: (json2, { partner }) => json2.call('res.partner', 'write', { ids: [partner] }),
  J27: (json2) => json2.call('res.company', 'unlink', { ids: [1] }),
  J28: (json2) => json2.call('crm.lead', 'create', { vals_list: [{ name: 'x', date_deadline: '31/12/2026' }] }),
  J31: (json2) => json2.call('res.partner', 'search_read', { domain: [], fields: ['name'], limit: 2 }, { apiKey: '0'.repeat(40) }),
  J32: (json2) => json2.call('res.partner', 'search_read', { domain: [], fields: ['name'], limit: 2 }, { apiKey: null }),
  J33: (json2) => json2.call('res.partner', 'search_count', { domain: [] }, { apiKey: 'admin' }),
  J34: (json2) => json2.call('res.partner', 'search_count', { domain: [] }, { database: 'no_such_db' }),
  J35: (json2) => json2.call('res.partner', 'search_count', {}, { method: 'GET' }),
  J36: (json2) => json2.call('res.partner', 'search_count', { domain: [] }, { contentType: 'text/plain' }),
  J37: (json2) => json2.call('res.partner', 'search_count', { domain: [] }, { contentType: null }),
  J39: (json2) => json2.call('res.partner', 'search_count', [[]]),
  J40: (json2) => json2.request('/json/2/res.partner', {}),
  J41: (json2) => json2.request('/json/2', {}),
};

describe('JSON-2 on an Odoo 19.0 sandbox', () => {
  let sandbox: Sandbox;
  let json2: Json2Client;
  let partner: number;

  beforeAll(async () => {
    sandbox = await startSandbox({ serverVersion: '19.0', apiKey: API_KEY });
    json2 = new Json2Client(sandbox, API_KEY);
    const created = await json2.call('res.partner', 'create', { vals_list: [{ name: 'Reference partner' }] });
    [partner = 0] = created.body as number[];
  });
  afterAll(async () => {
    await sandbox.close();
  });

  describe.skipIf(!hasJson2Reference)('errors compared with a real Odoo 19.0', () => {
    const reference = hasJson2Reference ? readReferenceJson2() : new Map<string, ReferenceJson2Response>();

    test.each(Object.keys(CALLS))('%s', async (number) => {
      const expected = reference.get(number);
      expect(expected, `no recorded response numbered ${number}`).toBeDefined();
      const call = CALLS[number];
      if (!expected || !call) return;

      const response = await call(json2, { partner });

      expect(response.status).toBe(expected.status);
      if (!expected.body) {
        expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
        return;
      }
      const body = response.body as Record<string, unknown>;
      // The records of the recorded calls had other ids.
      const sameIds = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/\((\d+),\)/g, '(N,)')) as unknown;
      expect(body.name).toBe(expected.body.name);
      expect(sameIds(body.message)).toBe(sameIds(expected.body.message));
      expect(sameIds(body.arguments)).toEqual(sameIds(expected.body.arguments));
      expect(body.context).toEqual(expected.body.context);
      expect(typeof body.debug).toBe('string');
    });
  });

  test('a failed batch saves nothing', async () => {
    const count = async () => (await json2.call('res.partner', 'search_count', { domain: [['name', 'like', 'batch ok']] })).body;
    const before = await count();
    await json2.call('res.partner', 'create', { vals_list: [{ name: 'batch ok 1' }, { name: 'bad', country_id: 99999999 }] });
    expect(await count()).toBe(before);
  });

  test('create takes vals_list and returns a list of ids', async () => {
    const many = await json2.call('res.partner', 'create', { vals_list: [{ name: 'One' }, { name: 'Two' }] });
    expect(many.status).toBe(200);
    expect(many.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(many.body).toEqual([expect.any(Number), expect.any(Number)]);

    const single = await json2.call('res.partner', 'create', { vals_list: { name: 'Three' } });
    expect(single.body).toEqual([expect.any(Number)]);
  });

  test('write takes ids and vals; read returns the values', async () => {
    const write = await json2.call('res.partner', 'write', { ids: [partner], vals: { email: 'ref@example.com', partner_latitude: 1 } });
    expect(write).toMatchObject({ status: 200, body: true });

    const read = await json2.call('res.partner', 'read', { ids: [partner], fields: ['email', 'partner_latitude', 'country_id'] });
    expect(read.body).toEqual([{ id: partner, email: 'ref@example.com', partner_latitude: 1, country_id: false }]);
  });

  test('search_read and search_count take named arguments', async () => {
    const rows = await json2.call('res.country', 'search_read', { domain: [['code', '=', 'FR']], fields: ['name'] });
    expect(rows.body).toEqual([{ id: expect.any(Number), name: 'France' }]);
    const count = await json2.call('res.country', 'search_count', { domain: [['code', 'in', ['FR', 'DE']]] });
    expect(count.body).toBe(2);
  });

  test('context is applied', async () => {
    const created = await json2.call('crm.lead', 'create', { vals_list: [{ name: 'Opp' }], context: { default_type: 'opportunity' } });
    const [id] = created.body as number[];
    const read = await json2.call('crm.lead', 'read', { ids: [id], fields: ['type'] });
    expect(read.body).toEqual([{ id, type: 'opportunity' }]);
  });

  test('unknown field in a domain uses the 19.0 wording', async () => {
    const response = await json2.call('res.partner', 'search', { domain: [['nope', '=', 1]] });
    expect(response.body).toMatchObject({ message: "Invalid field res.partner.nope in condition ('nope', '=', 1)" });
  });

  test('malformed JSON is a bad request', async () => {
    const response = await json2.call('res.partner', 'search_count', {}, { rawBody: '{"domain": [}' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      name: 'werkzeug.exceptions.BadRequest',
      message: expect.stringMatching(/^could not parse the body as json: /),
    });
  });

  test('name_get does not exist on 19.0', async () => {
    const response = await json2.call('res.partner', 'name_get', { ids: [partner] });
    expect(response.status).toBe(404);
  });

  test('common.version reports 19.0', async () => {
    const odoo = new OdooClient(sandbox, 2, 'admin');
    expect(await odoo.common('version', [])).toEqual({
      server_version: '19.0',
      server_version_info: [19, 0, 0, 'final', 0, ''],
      server_serie: '19.0',
      protocol_version: 1,
    });
  });

  test('XML-RPC still works and accepts the API key as password', async () => {
    const odoo = new OdooClient(sandbox, 2, API_KEY);
    expect(await odoo.common('authenticate', [sandbox.database, 'admin', API_KEY, {}])).toBe(2);
    expect(await odoo.executeKw('res.country', 'search_count', [[['code', '=', 'FR']]])).toBe(1);
  });

  test('XML-RPC on 19.0 uses the 19.0 texts', async () => {
    const odoo = new OdooClient(sandbox, 2, 'admin');
    const unknownField = await expectFault(odoo.executeKw('res.partner', 'create', [{ name: 'x', x_no_such_field: 1 }]));
    expect(lastTracebackLine(unknownField.faultString)).toBe("ValueError: Invalid field 'x_no_such_field' in 'res.partner'");

    const unknownMethod = await expectFault(odoo.executeKw('res.partner', 'no_such_method', [[]]));
    expect(lastTracebackLine(unknownMethod.faultString)).toBe("AttributeError: The method 'res.partner.no_such_method' does not exist");

    const missing = await expectFault(odoo.executeKw('crm.lead', 'create', [{ type: 'lead' }]));
    expect(missing.faultCode).toBe(2);
    expect(missing.faultString).toBe(
      "The operation cannot be completed: Missing required value for the field 'Opportunity' (name).\n" +
        "Model: 'Lead' (crm.lead)\n- create/update: a mandatory field is not set\n" +
        '- delete: another model requires the record being deleted, you can archive it instead\n',
    );
  });
});

describe('JSON-2 on an Odoo 16.0 sandbox', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: API_KEY });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  test('is served with the 16.0 ORM texts', async () => {
    const json2 = new Json2Client(sandbox, API_KEY);
    const response = await json2.call('res.partner', 'create', { vals_list: [{ name: 'x', nope: 1 }] });
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ name: 'builtins.ValueError', message: "Invalid field 'nope' on model 'res.partner'" });
  });

  test('without an API key no bearer token is accepted', async () => {
    const keyless = await startSandbox();
    try {
      const response = await new Json2Client(keyless, 'admin').call('res.partner', 'search_count', { domain: [] });
      expect(response.status).toBe(401);
    } finally {
      await keyless.close();
    }
  });
});

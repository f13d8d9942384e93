// Odoo's validation of created and written values, dispatch errors, and the
// one-transaction-per-call rule.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient, callXmlRpc, expectFault, lastTracebackLine } from './odoo-client.js';

const NOT_NULL_PREFIX =
  'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
  '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n';

describe('validation', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    odoo = new OdooClient(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function countPartners(name: string): Promise<number> {
    return (await odoo.executeKw('res.partner', 'search_count', [[['name', '=', name]]], {
      context: { active_test: false },
    })) as number;
  }

  test('batch create is all or nothing', async () => {
    const fault = await expectFault(
      odoo.executeKw('res.partner', 'create', [
        [{ name: 'Batch One' }, { name: 'Batch Two', country_id: 424242 }, { name: 'Batch Three' }],
      ]),
    );

    expect(fault.faultCode).toBe(2);
    expect(fault.faultString).toContain('Constraint: res_partner_country_id_fkey');
    expect(await countPartners('Batch One')).toBe(0);
    expect(await countPartners('Batch Three')).toBe(0);
  });

  test('batch create names the failing record problem', async () => {
    const fault = await expectFault(
      odoo.executeKw('crm.lead', 'create', [[{ name: 'Fine' }, { name: 'Odd', priority: 5 }]]),
    );
    expect(lastTracebackLine(fault.faultString)).toBe('ValueError: Wrong value for crm.lead.priority: 5');
    expect(await odoo.executeKw('crm.lead', 'search_count', [[['name', '=', 'Fine']]])).toBe(0);
  });

  test('a failed write changes nothing', async () => {
    const [first, second] = (await odoo.executeKw('res.partner', 'create', [[{ name: 'Keep A' }, { name: 'Keep B' }]])) as number[];
    const fault = await expectFault(odoo.executeKw('res.partner', 'write', [[first, second, 987654], { name: 'Changed' }]));

    expect(fault.faultString).toBe('Record does not exist or has been deleted.\n(Record: res.partner(987654,), User: 2)');
    expect(await countPartners('Changed')).toBe(0);
  });

  test('contacts require a name', async () => {
    const fault = await expectFault(odoo.executeKw('res.partner', 'create', [{ email: 'noname@example.com' }]));

    expect(fault.faultCode).toBe(2);
    expect(fault.faultString).toBe('The operation cannot be completed: Contacts require a name');
  });

  test('an address other than a contact needs no name', async () => {
    const parentId = await odoo.executeKw('res.partner', 'create', [{ name: 'Parent Co', is_company: true }]);
    const id = (await odoo.executeKw('res.partner', 'create', [{ type: 'invoice', parent_id: parentId }])) as number;

    const [record] = (await odoo.executeKw('res.partner', 'read', [[id], ['display_name']])) as { display_name: string }[];
    expect(record?.display_name).toBe('Parent Co, Invoice Address');
  });

  test('writing False to a required field faults', async () => {
    const fault = await expectFault(odoo.executeKw('crm.stage', 'write', [[1], { name: false }]));
    expect(fault.faultString).toBe(`${NOT_NULL_PREFIX}Model: CRM Stages (crm.stage)\nField: Stage Name (name)\n`);
  });

  test('a missing login on a user faults', async () => {
    const fault = await expectFault(odoo.executeKw('res.users', 'create', [{ name: 'No Login' }]));
    expect(fault.faultString).toBe(`${NOT_NULL_PREFIX}Model: User (res.users)\nField: Login (login)\n`);
    expect(await countPartners('No Login')).toBe(0);
  });

  test('duplicate user logins fault', async () => {
    const fault = await expectFault(odoo.executeKw('res.users', 'create', [{ name: 'Second Admin', login: 'admin' }]));
    expect(fault.faultString).toBe('The operation cannot be completed: You can not have two users with the same login !');
  });

  test('values are converted like Python does', async () => {
    const id = (await odoo.executeKw('crm.lead', 'create', [
      { name: 42, color: '7', probability: '12.5', active: 'false', date_deadline: '2024-02-29 10:00:00' },
    ])) as number;

    const [lead] = (await odoo.executeKw('crm.lead', 'read', [[id], ['name', 'color', 'probability', 'active', 'date_deadline']])) as Record<
      string,
      unknown
    >[];
    // Any non-empty string is true in Python, 'false' included.
    expect(lead).toMatchObject({ name: '42', color: 7, probability: 12.5, active: true, date_deadline: '2024-02-29' });
  });

  test('datetimes must use the server format', async () => {
    const fault = await expectFault(
      odoo.executeKw('crm.lead', 'create', [{ name: 'x', date_closed: '2024-01-31T10:00:00' }]),
    );
    expect(lastTracebackLine(fault.faultString)).toBe(
      "ValueError: time data '2024-01-31T10:00:00' does not match format '%Y-%m-%d %H:%M:%S'",
    );

    const zone = await expectFault(odoo.executeKw('crm.lead', 'create', [{ name: 'x', date_closed: '2024-01-31 10:00:00Z' }]));
    expect(lastTracebackLine(zone.faultString)).toBe('ValueError: unconverted data remains: Z');

    const badDay = await expectFault(odoo.executeKw('crm.lead', 'create', [{ name: 'x', date_deadline: '2023-02-29' }]));
    expect(lastTracebackLine(badDay.faultString)).toBe('ValueError: day is out of range for month');
  });

  test('a datetime sent as dateTime.iso8601 faults', async () => {
    const fault = await expectFault(
      odoo.executeKw('crm.lead', 'create', [{ name: 'x', date_closed: new Date(Date.UTC(2024, 0, 31, 10)) }]),
    );
    expect(lastTracebackLine(fault.faultString)).toBe("TypeError: object of type 'DateTime' has no len()");
  });

  test('many2one accepts a numeric string', async () => {
    const id = (await odoo.executeKw('crm.lead', 'create', [{ name: 'Str id', partner_id: '3' }])) as number;
    const [lead] = (await odoo.executeKw('crm.lead', 'read', [[id], ['partner_id']])) as Record<string, unknown>[];
    expect(lead?.partner_id).toEqual([3, 'My Company, Administrator']);
  });

  test('recursive partner hierarchies fault', async () => {
    const parentId = (await odoo.executeKw('res.partner', 'create', [{ name: 'Loop A' }])) as number;
    const childId = (await odoo.executeKw('res.partner', 'create', [{ name: 'Loop B', parent_id: parentId }])) as number;

    const fault = await expectFault(odoo.executeKw('res.partner', 'write', [[parentId], { parent_id: childId }]));
    expect(fault.faultCode).toBe(2);
    expect(fault.faultString).toBe('You cannot create recursive Partner hierarchies.');
  });

  test('a stage used by leads cannot be deleted', async () => {
    await odoo.executeKw('crm.lead', 'create', [{ name: 'Staged', stage_id: 2 }]);
    const fault = await expectFault(odoo.executeKw('crm.stage', 'unlink', [[2]]));
    expect(fault.faultString).toContain('Model: Lead/Opportunity (crm.lead)\nConstraint: crm_lead_stage_id_fkey\n');
  });

  test('deleting a partner empties the leads that point to it', async () => {
    const partnerId = (await odoo.executeKw('res.partner', 'create', [{ name: 'Gone Soon' }])) as number;
    const leadId = (await odoo.executeKw('crm.lead', 'create', [{ name: 'Orphan', partner_id: partnerId }])) as number;

    await odoo.executeKw('res.partner', 'unlink', [[partnerId]]);
    const [lead] = (await odoo.executeKw('crm.lead', 'read', [[leadId], ['partner_id']])) as Record<string, unknown>[];
    expect(lead?.partner_id).toBe(false);
  });

  test('record methods need ids', async () => {
    const fault = await expectFault(odoo.executeKw('res.partner', 'write', []));
    expect(lastTracebackLine(fault.faultString)).toBe('IndexError: tuple index out of range');
  });

  test('wrong arguments fault like Python', async () => {
    const unexpected = await expectFault(odoo.executeKw('res.partner', 'search', [[]], { colour: 'red' }));
    expect(lastTracebackLine(unexpected.faultString)).toBe(
      "TypeError: BaseModel.search() got an unexpected keyword argument 'colour'",
    );

    const tooMany = await expectFault(odoo.executeKw('res.partner', 'search_count', [[], 1, 2]));
    expect(lastTracebackLine(tooMany.faultString)).toBe(
      'TypeError: BaseModel.search_count() takes from 2 to 3 positional arguments but 4 were given',
    );
  });

  test('unemulated methods fault explicitly', async () => {
    const fault = await expectFault(odoo.executeKw('res.partner', 'copy', [[3]]));

    expect(fault.faultCode).toBe(1);
    expect(lastTracebackLine(fault.faultString)).toMatch(/^NotImplementedError: The Odoo sandbox does not emulate res\.partner\.copy\(\)/);
  });

  test('the object service serves execute_kw and execute only', async () => {
    const fault = await expectFault(
      callXmlRpc(sandbox, '/xmlrpc/2/object', 'search', [sandbox.database, 2, 'admin', 'res.partner', 'search', [[]]]),
    );
    expect(lastTracebackLine(fault.faultString)).toBe('NameError: Method not available search');

    const ids = await callXmlRpc(sandbox, '/xmlrpc/2/object', 'execute', [
      sandbox.database,
      2,
      'admin',
      'res.country',
      'search',
      [['code', '=', 'FR']],
    ]);
    expect(ids).toEqual([2]);
  });

  test('a wrong uid is denied', async () => {
    const fault = await expectFault(new OdooClient(sandbox, 1, 'admin').executeKw('res.partner', 'search', [[]]));
    expect(fault).toEqual({ faultCode: 3, faultString: 'Access Denied' });
  });

  test('an unknown database faults before the credentials are checked', async () => {
    const fault = await expectFault(
      callXmlRpc(sandbox, '/xmlrpc/2/object', 'execute_kw', ['nope', 2, 'wrong', 'res.partner', 'search', [[]]]),
    );
    expect(fault.faultCode).toBe(1);
    expect(lastTracebackLine(fault.faultString)).toContain('FATAL:  database "nope" does not exist');
  });
});

// create, read, write and unlink through execute_kw, and the read format.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { recordedCalls } from '../../sandbox/call-log.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient, expectFault, lastTracebackLine } from './odoo-client.js';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('create and read', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    odoo = new OdooClient(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function readOne(model: string, id: number, fields: string[]): Promise<Record<string, unknown>> {
    const records = (await odoo.executeKw(model, 'read', [[id], fields])) as Record<string, unknown>[];
    expect(records).toHaveLength(1);
    return records[0] ?? {};
  }

  test('create with a dict returns an id', async () => {
    const id = await odoo.executeKw('res.partner', 'create', [{ name: 'Acme Corp', is_company: true }]);
    expect(typeof id).toBe('number');
  });

  test('create with a list returns a list of ids', async () => {
    const ids = await odoo.executeKw('res.partner', 'create', [[{ name: 'One' }, { name: 'Two' }]]);

    expect(Array.isArray(ids)).toBe(true);
    expect(ids).toHaveLength(2);
    const [first, second] = ids as number[];
    expect(second).toBe((first ?? 0) + 1);
  });

  test('create with an empty list returns an empty list', async () => {
    expect(await odoo.executeKw('res.partner', 'create', [[]])).toEqual([]);
  });

  test('create with vals_list as keyword fails and creates nothing', async () => {
    const before = await odoo.executeKw('res.partner', 'search_count', [[['name', '=', 'Keyword Only']]]);
    const fault = await expectFault(odoo.executeKw('res.partner', 'create', [], { vals_list: [{ name: 'Keyword Only' }] }));

    expect(fault.faultCode).toBe(1);
    expect(lastTracebackLine(fault.faultString)).toBe('IndexError: tuple index out of range');
    expect(await odoo.executeKw('res.partner', 'search_count', [[['name', '=', 'Keyword Only']]])).toBe(before);
  });

  test('read returns values in the Odoo 16 format', async () => {
    const id = (await odoo.executeKw('crm.lead', 'create', [
      { name: 'Big deal', partner_id: 3, expected_revenue: 1200.5, date_deadline: '2024-03-31' },
    ])) as number;

    const lead = await readOne('crm.lead', id, [
      'name',
      'partner_id',
      'stage_id',
      'user_id',
      'team_id',
      'tag_ids',
      'email_from',
      'color',
      'expected_revenue',
      'probability',
      'date_deadline',
      'create_date',
      'active',
      'type',
      'priority',
    ]);

    expect(lead).toMatchObject({
      id,
      name: 'Big deal',
      partner_id: [3, 'My Company, Administrator'],
      stage_id: [1, 'New'],
      user_id: [2, 'Administrator'],
      team_id: false,
      tag_ids: [],
      email_from: false,
      color: 0,
      expected_revenue: 1200.5,
      probability: 0,
      date_deadline: '2024-03-31',
      active: true,
      type: 'lead',
      priority: '0',
    });
    expect(lead.create_date).toMatch(DATETIME);
  });

  test('read with load other than _classic_read returns bare many2one ids', async () => {
    const [record] = (await odoo.executeKw('res.partner', 'read', [[3], ['parent_id']], { load: '' })) as Record<
      string,
      unknown
    >[];
    expect(record?.parent_id).toBe(1);
  });

  test('read without fields returns every field', async () => {
    const [record] = (await odoo.executeKw('crm.stage', 'read', [[1]])) as Record<string, unknown>[];

    expect(Object.keys(record ?? {}).sort()).toEqual(
      [
        '__last_update',
        'create_date',
        'create_uid',
        'display_name',
        'fold',
        'id',
        'is_won',
        'name',
        'requirements',
        'sequence',
        'team_count',
        'team_id',
        'write_date',
        'write_uid',
      ].sort(),
    );
  });

  test('read omits missing ids', async () => {
    const records = (await odoo.executeKw('res.partner', 'read', [[1, 999999, 3], ['name']])) as { id: number }[];
    expect(records.map((record) => record.id)).toEqual([1, 3]);
  });

  test('read of an unknown field faults', async () => {
    const fault = await expectFault(odoo.executeKw('res.partner', 'read', [[1], ['nope']]));
    expect(lastTracebackLine(fault.faultString)).toBe("ValueError: Invalid field 'nope' on model 'res.partner'");
  });

  test('display name of a company contact includes the company', async () => {
    const companyId = await odoo.executeKw('res.partner', 'create', [{ name: 'Globex', is_company: true }]);
    const contactId = (await odoo.executeKw('res.partner', 'create', [{ name: 'Hank Scorpio', parent_id: companyId }])) as number;

    const contact = await readOne('res.partner', contactId, ['display_name', 'commercial_partner_id', 'company_type']);
    expect(contact.display_name).toBe('Globex, Hank Scorpio');
    expect(contact.commercial_partner_id).toEqual([companyId, 'Globex']);
    expect(contact.company_type).toBe('person');

    await odoo.executeKw('res.partner', 'write', [[companyId], { name: 'Globex Corporation' }]);
    expect((await readOne('res.partner', contactId, ['display_name'])).display_name).toBe('Globex Corporation, Hank Scorpio');
  });

  test('log-access fields sent on create are ignored', async () => {
    const id = (await odoo.executeKw('res.partner', 'create', [
      { name: 'Old Timer', create_date: '2001-01-01 00:00:00', write_uid: 1, id: 4242, display_name: 'Fake' },
    ])) as number;

    const partner = await readOne('res.partner', id, ['create_date', 'write_uid', 'display_name']);
    expect(id).not.toBe(4242);
    expect(partner.create_date).not.toBe('2001-01-01 00:00:00');
    expect(partner.create_date).toMatch(DATETIME);
    expect(partner.write_uid).toEqual([2, 'Administrator']);
    expect(partner.display_name).toBe('Old Timer');
  });

  test('defaults of a new partner and lead', async () => {
    const partnerId = (await odoo.executeKw('res.partner', 'create', [{ name: 'Defaults' }])) as number;
    expect(await readOne('res.partner', partnerId, ['active', 'type', 'is_company'])).toMatchObject({
      active: true,
      type: 'contact',
      is_company: false,
    });

    const leadId = (await odoo.executeKw('crm.lead', 'create', [{ partner_id: partnerId }])) as number;
    expect(await readOne('crm.lead', leadId, ['name', 'type', 'active', 'priority', 'stage_id', 'user_id'])).toMatchObject({
      name: "Defaults's opportunity",
      type: 'lead',
      active: true,
      priority: '0',
      stage_id: [1, 'New'],
      user_id: [2, 'Administrator'],
    });
  });

  test('context defaults apply on create', async () => {
    const id = (await odoo.executeKw('crm.lead', 'create', [{ name: 'Opportunity' }], {
      context: { default_type: 'opportunity' },
    })) as number;
    expect((await readOne('crm.lead', id, ['type'])).type).toBe('opportunity');
  });

  test('write returns true and updates values', async () => {
    const id = (await odoo.executeKw('res.partner', 'create', [{ name: 'Before' }])) as number;

    expect(await odoo.executeKw('res.partner', 'write', [[id], { name: 'After', email: 'after@example.com' }])).toBe(true);
    expect(await readOne('res.partner', id, ['name', 'email'])).toMatchObject({ name: 'After', email: 'after@example.com' });
  });

  test('moving a lead to a won stage sets probability to 100', async () => {
    const id = (await odoo.executeKw('crm.lead', 'create', [{ name: 'Closing' }])) as number;
    await odoo.executeKw('crm.lead', 'write', [[id], { stage_id: 4 }]);

    const lead = await readOne('crm.lead', id, ['probability', 'date_closed']);
    expect(lead.probability).toBe(100);
    expect(lead.date_closed).toMatch(DATETIME);
  });

  test('many2many commands and id lists', async () => {
    const userId = (await odoo.executeKw('res.users', 'create', [{ name: 'Sam Seller', login: 'sam' }])) as number;
    const teamId = (await odoo.executeKw('crm.team', 'create', [
      { name: 'Europe', favorite_user_ids: [[6, 0, [2, userId]]] },
    ])) as number;
    expect((await readOne('crm.team', teamId, ['favorite_user_ids'])).favorite_user_ids).toEqual([2, userId]);

    await odoo.executeKw('crm.team', 'write', [[teamId], { favorite_user_ids: [[3, 2]] }]);
    expect((await readOne('crm.team', teamId, ['favorite_user_ids'])).favorite_user_ids).toEqual([userId]);

    // An empty list is an empty command list: nothing changes.
    await odoo.executeKw('crm.team', 'write', [[teamId], { favorite_user_ids: [] }]);
    expect((await readOne('crm.team', teamId, ['favorite_user_ids'])).favorite_user_ids).toEqual([userId]);

    await odoo.executeKw('crm.team', 'write', [[teamId], { favorite_user_ids: [[5]] }]);
    expect((await readOne('crm.team', teamId, ['favorite_user_ids'])).favorite_user_ids).toEqual([]);
  });

  test('one2many commands create children', async () => {
    const companyId = (await odoo.executeKw('res.partner', 'create', [
      { name: 'Initech', is_company: true, child_ids: [[0, 0, { name: 'Peter' }], [0, 0, { name: 'Milton' }]] },
    ])) as number;

    const company = await readOne('res.partner', companyId, ['child_ids']);
    const childIds = company.child_ids as number[];
    expect(childIds).toHaveLength(2);
    const children = (await odoo.executeKw('res.partner', 'read', [childIds, ['display_name']])) as { display_name: string }[];
    expect(children.map((child) => child.display_name).sort()).toEqual(['Initech, Milton', 'Initech, Peter']);
  });

  test('a new user gets a partner with its name', async () => {
    const userId = (await odoo.executeKw('res.users', 'create', [
      { name: 'Dana Scully', login: 'dana', email: 'dana@example.com', password: 'trustno1' },
    ])) as number;

    const user = await readOne('res.users', userId, ['name', 'email', 'partner_id', 'login', 'password', 'company_id']);
    expect(user).toMatchObject({ name: 'Dana Scully', email: 'dana@example.com', login: 'dana', password: '', company_id: [1, 'My Company'] });
    expect(user.partner_id).toEqual([expect.any(Number), 'Dana Scully']);
    expect(await odoo.common('authenticate', [sandbox.database, 'dana', 'trustno1', {}])).toBe(userId);
  });

  test('unlink removes the record', async () => {
    const id = (await odoo.executeKw('res.partner', 'create', [{ name: 'Short Lived' }])) as number;

    expect(await odoo.executeKw('res.partner', 'unlink', [[id]])).toBe(true);
    expect(await odoo.executeKw('res.partner', 'read', [[id], ['name']])).toEqual([]);
  });

  test('unlink of a partner that a user needs faults', async () => {
    const fault = await expectFault(odoo.executeKw('res.partner', 'unlink', [[3]]));

    expect(fault.faultCode).toBe(2);
    expect(fault.faultString).toBe(
      'The operation cannot be completed: another model requires the record being deleted. ' +
        'If possible, archive it instead.\n\nModel: User (res.users)\nConstraint: res_users_partner_id_fkey\n',
    );
  });

  test('context is recorded per call', async () => {
    await odoo.executeKw('res.partner', 'create', [{ name: 'Quiet' }], {
      context: { tracking_disable: true, mail_create_nolog: true },
    });

    const last = recordedCalls(sandbox).at(-1);
    expect(last).toMatchObject({ model: 'res.partner', method: 'create', context: { tracking_disable: true, mail_create_nolog: true } });
    expect(last?.kwargs).toEqual({});
  });
});

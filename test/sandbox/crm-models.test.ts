// The models around leads: countries' states, currencies, tags, lost
// reasons, projects and tasks, and their field metadata.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient, expectFault } from './odoo-client.js';
import { FIELDS_REFERENCE_DIRECTORY, hasReference } from './reference-errors.js';

const NEW_MODELS = [
  'res.country.state',
  'res.currency',
  'res.partner.category',
  'crm.tag',
  'crm.lost.reason',
  'mail.activity.type',
  'mail.activity',
  'mail.message',
  'calendar.event',
  'ir.attachment',
  'ir.model.fields',
  'project.project',
  'project.task',
  'project.task.type',
];

describe('crm models', () => {
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
    const [record] = (await odoo.executeKw(model, 'read', [[id], fields])) as Record<string, unknown>[];
    expect(record).toBeDefined();
    return record ?? {};
  }

  test.skipIf(!hasReference).each(NEW_MODELS)('fields_get of %s equals the real server output', async (model) => {
    const expected = JSON.parse(readFileSync(join(FIELDS_REFERENCE_DIRECTORY, `fields_get.${model}.json`), 'utf8')) as unknown;
    expect(await odoo.executeKw(model, 'fields_get', [])).toEqual(expected);
  });

  test('states are found by country code and state code', async () => {
    const states = await odoo.executeKw('res.country.state', 'search_read', [
      [['country_id.code', '=', 'US'], ['code', '=', 'CA']],
      ['name', 'code', 'country_id', 'display_name'],
    ]);
    expect(states).toEqual([
      { id: expect.any(Number), name: 'California', code: 'CA', country_id: [expect.any(Number), 'United States'], display_name: 'California (US)' },
    ]);
    for (const country of ['US', 'CA', 'DE']) {
      expect(await odoo.executeKw('res.country.state', 'search_count', [[['country_id.code', '=', country]]])).toBeGreaterThanOrEqual(3);
    }
  });

  test('a state code is unique per country', async () => {
    const [germany] = (await odoo.executeKw('res.country', 'search', [[['code', '=', 'DE']]])) as number[];
    const fault = await expectFault(odoo.executeKw('res.country.state', 'create', [{ name: 'Berlin again', code: 'BE', country_id: germany }]));
    expect(fault).toEqual({
      faultCode: 2,
      faultString: 'The operation cannot be completed: The code of the state must be unique by country !',
    });
  });

  test('currencies are USD, EUR and GBP', async () => {
    const currencies = (await odoo.executeKw('res.currency', 'search_read', [[], ['name', 'symbol']], { order: 'name' })) as {
      name: string;
    }[];
    expect(currencies.map((currency) => currency.name)).toEqual(['EUR', 'GBP', 'USD']);
    const [company] = (await odoo.executeKw('res.company', 'read', [[1], ['currency_id']])) as { currency_id: unknown }[];
    expect(company?.currency_id).toEqual([expect.any(Number), 'USD']);
  });

  test('crm tags have a unique name', async () => {
    const id = (await odoo.executeKw('crm.tag', 'create', [{ name: 'Hot' }])) as number;
    expect((await readOne('crm.tag', id, ['color'])).color).toEqual(expect.any(Number));

    const fault = await expectFault(odoo.executeKw('crm.tag', 'create', [{ name: 'Hot' }]));
    expect(fault).toEqual({ faultCode: 2, faultString: 'The operation cannot be completed: Tag name already exists!' });
  });

  test('contact tags nest and refuse cycles', async () => {
    const parent = (await odoo.executeKw('res.partner.category', 'create', [{ name: 'Segment' }])) as number;
    const child = (await odoo.executeKw('res.partner.category', 'create', [{ name: 'Gold', parent_id: parent }])) as number;
    expect((await readOne('res.partner.category', child, ['display_name'])).display_name).toBe('Segment / Gold');

    const partner = (await odoo.executeKw('res.partner', 'create', [{ name: 'Tagged', category_id: [[6, 0, [child]]] }])) as number;
    expect((await readOne('res.partner', partner, ['category_id'])).category_id).toEqual([child]);

    const fault = await expectFault(odoo.executeKw('res.partner.category', 'write', [[parent], { parent_id: child }]));
    expect(fault).toEqual({ faultCode: 2, faultString: 'You can not create recursive tags.' });
  });

  test('lost reasons mark a lost lead', async () => {
    const reason = (await odoo.executeKw('crm.lost.reason', 'create', [{ name: 'Too expensive' }])) as number;
    const lead = (await odoo.executeKw('crm.lead', 'create', [{ name: 'Lost deal', lost_reason_id: reason, active: false }])) as number;
    expect(await readOne('crm.lead', lead, ['lost_reason_id', 'active'])).toMatchObject({
      lost_reason_id: [reason, 'Too expensive'],
      active: false,
    });

    const fault = await expectFault(odoo.executeKw('crm.lost.reason', 'unlink', [[reason]]));
    expect(fault.faultString).toContain('Constraint: crm_lead_lost_reason_id_fkey');
  });

  test('project tasks start in the first stage of their project', async () => {
    const [backlog, done] = (await odoo.executeKw('project.task.type', 'create', [
      [
        { name: 'Backlog', sequence: 1 },
        { name: 'Done', sequence: 9, fold: true },
      ],
    ])) as number[];
    const project = (await odoo.executeKw('project.project', 'create', [{ name: 'Migration', type_ids: [[6, 0, [done, backlog]]] }])) as number;
    const task = (await odoo.executeKw('project.task', 'create', [{ name: 'Map contacts', project_id: project }])) as number;

    expect(await readOne('project.task', task, ['stage_id', 'project_id', 'company_id', 'kanban_state'])).toEqual({
      id: task,
      stage_id: [backlog, 'Backlog'],
      project_id: [project, 'Migration'],
      company_id: [1, 'My Company'],
      kanban_state: 'normal',
    });
    expect((await readOne('project.task.type', backlog ?? 0, ['project_ids'])).project_ids).toEqual([project]);
    expect(await readOne('project.task.type', backlog ?? 0, ['legend_normal'])).toMatchObject({ legend_normal: 'In Progress' });
  });

  test('a task needs a name', async () => {
    const fault = await expectFault(odoo.executeKw('project.task', 'create', [{ description: 'no name' }]));
    expect(fault.faultString).toContain('Model: Task (project.task)\nField: Title (name)\n');
  });
});

// ir.model.fields: creating an x_ field makes it a field of its model at once.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient, expectFault, lastTracebackLine } from './odoo-client.js';

describe('custom fields', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    odoo = new OdooClient(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function modelId(model: string): Promise<number> {
    const [id] = (await odoo.executeKw('ir.model', 'search', [[['model', '=', model]]])) as number[];
    expect(id).toBeDefined();
    return id ?? 0;
  }

  function createField(values: Record<string, unknown>): Promise<unknown> {
    return odoo.executeKw('ir.model.fields', 'create', [{ state: 'manual', ...values }]);
  }

  test('base fields are listed in ir.model.fields', async () => {
    const fields = await odoo.executeKw('ir.model.fields', 'search_read', [
      [['model', '=', 'res.partner'], ['name', '=', 'email']],
      ['ttype', 'state', 'field_description', 'model_id'],
    ]);
    expect(fields).toEqual([
      { id: expect.any(Number), ttype: 'char', state: 'base', field_description: 'Email', model_id: [await modelId('res.partner'), 'Contact'] },
    ]);
  });

  test('a char field is usable at once', async () => {
    await createField({ model_id: await modelId('res.partner'), name: 'x_pega_id', ttype: 'char', field_description: 'Pega ID' });

    const description = (await odoo.executeKw('res.partner', 'fields_get', [['x_pega_id']])) as Record<string, Record<string, unknown>>;
    expect(description.x_pega_id).toMatchObject({ type: 'char', string: 'Pega ID', manual: true, store: true, required: false });

    const id = (await odoo.executeKw('res.partner', 'create', [{ name: 'Custom', x_pega_id: 'C-1' }])) as number;
    await odoo.executeKw('res.partner', 'write', [[id], { x_pega_id: 'C-2' }]);
    expect(await odoo.executeKw('res.partner', 'read', [[id], ['x_pega_id']])).toEqual([{ id, x_pega_id: 'C-2' }]);
    expect(await odoo.executeKw('res.partner', 'search', [[['x_pega_id', '=', 'C-2']]])).toEqual([id]);
  });

  test('a selection field takes Odoo\'s string form', async () => {
    await createField({
      model_id: await modelId('crm.lead'),
      name: 'x_channel',
      ttype: 'selection',
      field_description: 'Channel',
      selection: "[('web', 'Web'), (\"phone\", 'Phone call')]",
    });

    const description = (await odoo.executeKw('crm.lead', 'fields_get', [['x_channel'], ['selection']])) as Record<string, unknown>;
    expect(description).toEqual({ x_channel: { selection: [['web', 'Web'], ['phone', 'Phone call']] } });

    const id = (await odoo.executeKw('crm.lead', 'create', [{ name: 'Channelled', x_channel: 'phone' }])) as number;
    expect(await odoo.executeKw('crm.lead', 'read', [[id], ['x_channel']])).toEqual([{ id, x_channel: 'phone' }]);

    const fault = await expectFault(odoo.executeKw('crm.lead', 'create', [{ name: 'Bad', x_channel: 'fax' }]));
    expect(lastTracebackLine(fault.faultString)).toBe("ValueError: Wrong value for crm.lead.x_channel: 'fax'");
  });

  test('a many2one field points to an existing model', async () => {
    await createField({
      model_id: await modelId('crm.lead'),
      name: 'x_referrer_id',
      ttype: 'many2one',
      relation: 'res.partner',
      field_description: 'Referrer',
    });
    const id = (await odoo.executeKw('crm.lead', 'create', [{ name: 'Referred', x_referrer_id: 3 }])) as number;
    expect(await odoo.executeKw('crm.lead', 'read', [[id], ['x_referrer_id']])).toEqual([
      { id, x_referrer_id: [3, 'My Company, Administrator'] },
    ]);

    const missing = await expectFault(odoo.executeKw('crm.lead', 'create', [{ name: 'Dangling', x_referrer_id: 999999 }]));
    expect(missing.faultString).toContain('Constraint: crm_lead_x_referrer_id_fkey');

    const unknownModel = await expectFault(
      createField({ model_id: await modelId('crm.lead'), name: 'x_thing_id', ttype: 'many2one', relation: 'x.nothing', field_description: 'Thing' }),
    );
    expect(unknownModel).toEqual({ faultCode: 2, faultString: 'Model x.nothing does not exist!' });
  });

  test('a name without x_ is refused and leaves no field', async () => {
    const fault = await expectFault(
      createField({ model_id: await modelId('res.partner'), name: 'pega_id', ttype: 'char', field_description: 'Pega ID' }),
    );
    expect(fault).toEqual({ faultCode: 2, faultString: "Custom fields must have a name that starts with 'x_' !" });
    expect(await odoo.executeKw('res.partner', 'fields_get', [['pega_id']])).toEqual({});
  });

  test('a field name is unique per model', async () => {
    const values = { model_id: await modelId('res.partner'), name: 'x_twice', ttype: 'char', field_description: 'Twice' };
    await createField(values);
    const fault = await expectFault(createField(values));
    expect(fault).toEqual({ faultCode: 2, faultString: 'The operation cannot be completed: Field names must be unique per model.' });
  });

  test('an invalid selection string is refused', async () => {
    const fault = await expectFault(
      createField({ model_id: await modelId('res.partner'), name: 'x_bad', ttype: 'selection', field_description: 'Bad', selection: '[(a, b' }),
    );
    expect(fault.faultCode).toBe(2);
    expect(fault.faultString).toBe(
      "The Selection Options expression is not a valid Pythonic expression. Please provide an expression in the [('key','Label'), ...] format.",
    );
  });

  test('a failed call leaves the registry unchanged', async () => {
    const partnerModel = await modelId('res.partner');
    await expectFault(
      odoo.executeKw('ir.model.fields', 'create', [
        [
          { model_id: partnerModel, name: 'x_first', ttype: 'char', field_description: 'First', state: 'manual' },
          { model_id: partnerModel, name: 'second', ttype: 'char', field_description: 'Second', state: 'manual' },
        ],
      ]),
    );
    expect(await odoo.executeKw('res.partner', 'fields_get', [['x_first', 'second']])).toEqual({});
  });

  test('unlinking a custom field removes it; base fields stay', async () => {
    const fieldId = (await createField({ model_id: await modelId('res.partner'), name: 'x_gone', ttype: 'integer', field_description: 'Gone' })) as number;
    await odoo.executeKw('ir.model.fields', 'unlink', [[fieldId]]);
    expect(await odoo.executeKw('res.partner', 'fields_get', [['x_gone']])).toEqual({});

    const [emailField] = (await odoo.executeKw('ir.model.fields', 'search', [[['model', '=', 'res.partner'], ['name', '=', 'email']]])) as number[];
    const fault = await expectFault(odoo.executeKw('ir.model.fields', 'unlink', [[emailField]]));
    expect(fault).toEqual({ faultCode: 2, faultString: 'This column contains module data and cannot be removed!' });
  });
});

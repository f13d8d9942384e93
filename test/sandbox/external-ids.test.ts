// ir.model.data: the rules on external ids and their removal with the record.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient, expectFault } from './odoo-client.js';

describe('external ids', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    odoo = new OdooClient(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function externalIds(domain: unknown[]): Promise<Record<string, unknown>[]> {
    return (await odoo.executeKw('ir.model.data', 'search_read', [domain, ['module', 'name', 'model', 'res_id']])) as Record<
      string,
      unknown
    >[];
  }

  test('seed records have their standard external ids', async () => {
    expect(await externalIds([['module', '=', 'base'], ['name', '=', 'user_admin']])).toEqual([
      { id: expect.any(Number), module: 'base', name: 'user_admin', model: 'res.users', res_id: 2 },
    ]);
    expect(await externalIds([['module', '=', 'crm'], ['name', '=', 'stage_lead4']])).toEqual([
      { id: expect.any(Number), module: 'crm', name: 'stage_lead4', model: 'crm.stage', res_id: 4 },
    ]);
  });

  test('an external id is created and read back', async () => {
    const partnerId = await odoo.executeKw('res.partner', 'create', [{ name: 'Mapped' }]);
    const id = (await odoo.executeKw('ir.model.data', 'create', [
      { module: 'pmap', name: 'customer_1001', model: 'res.partner', res_id: partnerId, noupdate: true },
    ])) as number;

    const [record] = (await odoo.executeKw('ir.model.data', 'read', [[id], ['complete_name', 'display_name', 'noupdate']])) as Record<
      string,
      unknown
    >[];
    expect(record).toEqual({ id, complete_name: 'pmap.customer_1001', display_name: 'Mapped', noupdate: true });
  });

  test('names with spaces are refused', async () => {
    const fault = await expectFault(
      odoo.executeKw('ir.model.data', 'create', [{ module: 'pmap', name: 'customer 1002', model: 'res.partner', res_id: 1 }]),
    );
    expect(fault).toEqual({
      faultCode: 2,
      faultString: 'The operation cannot be completed: External IDs cannot contain spaces',
    });
  });

  test('module and name are unique together', async () => {
    await odoo.executeKw('ir.model.data', 'create', [{ module: 'pmap', name: 'dup_1', model: 'res.partner', res_id: 1 }]);
    await odoo.executeKw('ir.model.data', 'create', [{ module: 'other', name: 'dup_1', model: 'res.partner', res_id: 1 }]);

    const fault = await expectFault(
      odoo.executeKw('ir.model.data', 'create', [{ module: 'pmap', name: 'dup_1', model: 'res.partner', res_id: 3 }]),
    );
    expect(fault).toEqual({
      faultCode: 2,
      faultString:
        'The operation cannot be completed: duplicate key value violates unique constraint ' +
        '"ir_model_data_module_name_uniq_index"\nDETAIL:  Key (module, name)=(pmap, dup_1) already exists.\n',
    });
  });

  test('a failed batch leaves no external id behind', async () => {
    await odoo.executeKw('ir.model.data', 'create', [{ module: 'pmap', name: 'taken', model: 'res.partner', res_id: 1 }]);
    await expectFault(
      odoo.executeKw('ir.model.data', 'create', [
        [
          { module: 'pmap', name: 'fresh', model: 'res.partner', res_id: 1 },
          { module: 'pmap', name: 'taken', model: 'res.partner', res_id: 3 },
        ],
      ]),
    );

    expect(await externalIds([['module', '=', 'pmap'], ['name', '=', 'fresh']])).toEqual([]);
    const id = await odoo.executeKw('ir.model.data', 'create', [{ module: 'pmap', name: 'fresh', model: 'res.partner', res_id: 1 }]);
    expect(typeof id).toBe('number');
  });

  test('a missing model name is refused', async () => {
    const fault = await expectFault(odoo.executeKw('ir.model.data', 'create', [{ module: 'pmap', name: 'no_model' }]));
    expect(fault.faultString).toContain('Model: Model Data (ir.model.data)\nField: Model Name (model)\n');
  });

  test('unlinking a record removes its external ids', async () => {
    const partnerId = (await odoo.executeKw('res.partner', 'create', [{ name: 'Doomed' }])) as number;
    await odoo.executeKw('ir.model.data', 'create', [
      [
        { module: 'pmap', name: 'doomed_a', model: 'res.partner', res_id: partnerId },
        { module: 'pmap', name: 'doomed_b', model: 'res.partner', res_id: partnerId },
      ],
    ]);
    expect(await externalIds([['model', '=', 'res.partner'], ['res_id', '=', partnerId]])).toHaveLength(2);

    await odoo.executeKw('res.partner', 'unlink', [[partnerId]]);
    expect(await externalIds([['model', '=', 'res.partner'], ['res_id', '=', partnerId]])).toEqual([]);
  });
});

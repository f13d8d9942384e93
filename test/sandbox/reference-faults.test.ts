// The sandbox's faults compared word for word with the faults a real Odoo
// 16.0 server returned for the same calls.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient, expectFault, lastTracebackLine } from './odoo-client.js';
import { hasReference, readReferenceFaults, type ReferenceFault } from './reference-errors.js';

type Call = (odoo: OdooClient) => Promise<unknown>;

// Each call is the one recorded on the real server under that title.
const CALLS: Record<string, Call> = {
  '1. unknown field on create (res.partner)': (odoo) =>
    odoo.executeKw('res.partner', 'create', [{ name: 'x', x_no_such_field: 1 }]),
  "2. wrong selection value on crm.lead priority ('7')": (odoo) =>
    odoo.executeKw('crm.lead', 'create', [{ name: 'x', priority: '7' }]),
  '3. many2one to nonexistent id (crm.lead partner_id=99999999)': (odoo) =>
    odoo.executeKw('crm.lead', 'create', [{ name: 'x', partner_id: 99999999 }]),
  '4. missing required field (crm.lead without name)': (odoo) => odoo.executeKw('crm.lead', 'create', [{ type: 'lead' }]),
  '5. write on deleted id (res.partner)': (odoo) => odoo.executeKw('res.partner', 'write', [[12008], { name: 'y' }]),
  'unknown field on create (crm.lead)': (odoo) =>
    odoo.executeKw('crm.lead', 'create', [{ name: 'x', no_such_field: 'y' }]),
  'unknown field on write (res.partner)': (odoo) => odoo.executeKw('res.partner', 'write', [[7], { no_such_field: 1 }]),
  "wrong selection value on crm.lead type ('deal')": (odoo) =>
    odoo.executeKw('crm.lead', 'create', [{ name: 'x', type: 'deal' }]),
  'many2one to nonexistent id (crm.lead stage_id=99999999)': (odoo) =>
    odoo.executeKw('crm.lead', 'create', [{ name: 'x', stage_id: 99999999 }]),
  'many2one to nonexistent id (res.partner country_id=99999999)': (odoo) =>
    odoo.executeKw('res.partner', 'create', [{ name: 'x', country_id: 99999999 }]),
  'missing required field (crm.lead empty dict)': (odoo) => odoo.executeKw('crm.lead', 'create', [{}]),
  'missing required field (crm.stage without name)': (odoo) => odoo.executeKw('crm.stage', 'create', [{ sequence: 5 }]),
  'write on deleted id (crm.lead)': (odoo) => odoo.executeKw('crm.lead', 'write', [[3002], { name: 'y' }]),
  'unlink on deleted id (res.partner)': (odoo) => odoo.executeKw('res.partner', 'unlink', [[12008]]),
  'wrong type: string into integer field (crm.lead color)': (odoo) =>
    odoo.executeKw('crm.lead', 'create', [{ name: 'x', color: 'abc' }]),
  'unknown model': (odoo) => odoo.executeKw('x.no.such.model', 'search', [[]]),
  'unknown method': (odoo) => odoo.executeKw('res.partner', 'no_such_method', [[]]),
  'private method': (odoo) => odoo.executeKw('res.partner', '_compute_display_name', [[7]]),
  'execute_kw with wrong password': (odoo) =>
    new OdooClient(odoo.sandbox, 2, 'wrong-password').executeKw('res.partner', 'search', [[]]),
};

describe.skipIf(!hasReference)('faults compared with a real Odoo 16.0', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;
  const reference = hasReference ? readReferenceFaults() : new Map<string, ReferenceFault>();

  beforeAll(async () => {
    sandbox = await startSandbox();
    odoo = new OdooClient(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  test.each(Object.keys(CALLS))('%s', async (title) => {
    const expected = reference.get(title);
    expect(expected, `no recorded fault titled "${title}"`).toBeDefined();
    const call = CALLS[title];
    if (!expected || !call) return;

    const fault = await expectFault(call(odoo));

    expect(fault.faultCode).toBe(expected.faultCode);
    if (expected.lastLine !== undefined) {
      expect(fault.faultString.startsWith('Traceback (most recent call last):\n')).toBe(true);
      expect(lastTracebackLine(fault.faultString)).toBe(expected.lastLine);
    } else {
      expect(fault.faultString).toBe(expected.faultString);
    }
  });

  test('read of a deleted id returns an empty list', async () => {
    expect(await odoo.executeKw('res.partner', 'read', [[12008], ['name']])).toEqual([]);
  });

  test('authenticate with a wrong password returns false', async () => {
    expect(await odoo.common('authenticate', [sandbox.database, 'admin', 'wrong-password', {}])).toBe(false);
  });
});

// The faults pmap recognises, as pmap's client receives them: the fault code
// and the part of the text that is the same on Odoo 16.0 and 19.0, over
// XML-RPC and JSON-2.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import type { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { OdooAuthenticationError, OdooFault } from '../../runtime/odoo/odoo-errors.js';
import { conformanceTargets, recordPrefix, type ConnectedTarget } from './targets.js';

/** An id no record has on a test database. */
const missingId = 2_147_483_000;

interface FaultCase {
  readonly title: string;
  call(client: OdooClient, deletedPartner: number): Promise<unknown>;
  /** The fault code, by protocol where the two differ. */
  readonly faultCode: number | { readonly xmlrpc: number; readonly json2: number };
  readonly text: RegExp;
}

const cases: readonly FaultCase[] = [
  {
    title: 'unknown field on create',
    call: (client) => client.create('res.partner', [{ name: `${recordPrefix} unknown field`, x_no_such_field: 1 }]),
    faultCode: 1,
    text: /Invalid field 'x_no_such_field' (on model|in) 'res\.partner'/,
  },
  {
    title: 'wrong selection value',
    call: (client) => client.create('crm.lead', [{ name: `${recordPrefix} selection`, priority: '7' }]),
    faultCode: 1,
    text: /Wrong value for crm\.lead\.priority: '7'/,
  },
  {
    title: 'missing required field',
    call: (client) => client.create('crm.lead', [{ type: 'lead' }]),
    faultCode: 2,
    // The Odoo 16 text contains "a mandatory field is not set", the 19 text "Missing required value for the field 'Opportunity' (name)".
    text: /^The operation cannot be completed:[\s\S]*(a mandatory field is not set[\s\S]*Field: Opportunity \(name\)|Missing required value for the field 'Opportunity' \(name\))/,
  },
  {
    title: 'many2one to a missing record',
    call: (client) => client.create('crm.lead', [{ name: `${recordPrefix} dangling partner`, partner_id: missingId }]),
    faultCode: 2,
    text: /^The operation cannot be completed: ?\n?(- Create\/update: a mandatory field is not set\.\n- Delete: another model requires the record being deleted|another model requires the record being deleted|Another model is using the record you are trying to delete)/,
  },
  {
    title: 'write on a deleted record',
    call: (client, deleted) => client.write('res.partner', [deleted], { name: `${recordPrefix} rewritten` }),
    faultCode: 2,
    text: /^Record does not exist or has been deleted\./,
  },
  {
    title: 'unlink of a deleted record',
    call: (client, deleted) => client.executeKw('res.partner', 'unlink', [[deleted]]),
    faultCode: 2,
    text: /^Record does not exist or has been deleted\./,
  },
  {
    title: 'text into an integer field',
    call: (client) => client.create('crm.lead', [{ name: `${recordPrefix} color`, color: 'abc' }]),
    faultCode: 1,
    text: /invalid literal for int\(\) with base 10: 'abc'/,
  },
  {
    title: 'unknown model',
    call: (client) => client.executeKw('x.no.such.model', 'search', [[]]),
    // XML-RPC raises a UserError, and JSON-2 responds with werkzeug's NotFound.
    faultCode: { xmlrpc: 2, json2: 1 },
    text: /Object x\.no\.such\.model doesn't exist|the model 'x\.no\.such\.model' does not exist/,
  },
  {
    title: 'private method',
    call: (client, deleted) => client.executeKw('res.partner', '_compute_display_name', [[deleted]]),
    faultCode: 4,
    text: /Private methods \(such as '?(res\.partner\.)?_compute_display_name'?\) cannot be called remotely\./,
  },
];

for (const target of conformanceTargets) {
  describe.skipIf(target.skip)(`faults on ${target.label}`, () => {
    let connected: ConnectedTarget;
    let deletedPartner: number;

    beforeAll(async () => {
      connected = await target.start();
      [deletedPartner = 0] = await connected.client.create('res.partner', [{ name: `${recordPrefix} deleted` }]);
      await connected.client.executeKw('res.partner', 'unlink', [[deletedPartner]]);
    });
    afterAll(async () => {
      await connected?.close();
    });

    test.each(cases)('$title', async (faultCase) => {
      const error = await faultCase.call(connected.client, deletedPartner).then(
        (value) => new Error(`expected a fault, got ${JSON.stringify(value)}`),
        (caught: unknown) => caught,
      );

      expect(error).toBeInstanceOf(OdooFault);
      const fault = error as OdooFault;
      const faultCode = typeof faultCase.faultCode === 'number' ? faultCase.faultCode : faultCase.faultCode[connected.protocol];
      expect(fault.faultCode).toBe(faultCode);
      expect(fault.faultString).toMatch(faultCase.text);
    });

    test('wrong password or API key', async () => {
      await expect(connected.connectWithWrongSecret()).rejects.toBeInstanceOf(OdooAuthenticationError);
    });

    test('failed batch saves nothing', async () => {
      const name = `${recordPrefix} batch`;
      const before = await connected.client.searchCount('res.partner', [['name', '=like', `${name}%`]]);
      const batch = connected.client.create('res.partner', [{ name: `${name} 1` }, { name: `${name} 2`, country_id: missingId }, { name: `${name} 3` }]);

      await expect(batch).rejects.toBeInstanceOf(OdooFault);
      expect(await connected.client.searchCount('res.partner', [['name', '=like', `${name}%`]])).toBe(before);
    });
  });
}

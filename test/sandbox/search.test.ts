// search, search_read, search_count and name_search: domains, archived
// records, order and paging.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient, expectFault, lastTracebackLine } from './odoo-client.js';

describe('search', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    sandbox = await startSandbox();
    odoo = new OdooClient(sandbox);

    const people = [
      { key: 'alice', name: 'Alice Archer', email: 'alice@acme.test', city: 'Paris', color: 3, country_id: 2 },
      { key: 'bob', name: 'Bob Baker', email: 'BOB@globex.test', city: 'Berlin', color: 5, country_id: 3 },
      { key: 'carol', name: 'Carol Cook', email: false, city: 'Paris', color: 7, country_id: 2 },
      { key: 'dave', name: 'Dave 50%_off', email: 'dave@acme.test', city: 'Ottawa', color: 0, country_id: 1 },
      { key: 'erin', name: 'Erin Archived', email: 'erin@acme.test', city: 'Paris', color: 1, active: false },
    ];
    for (const { key, ...values } of people) {
      ids[key] = (await odoo.executeKw('res.partner', 'create', [values])) as number;
    }
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function names(domain: unknown[], kwargs: Record<string, unknown> = {}): Promise<string[]> {
    const records = (await odoo.executeKw('res.partner', 'search_read', [domain, ['name']], kwargs)) as {
      name: string;
    }[];
    return records.map((record) => record.name).sort();
  }

  const testPeople = ['Alice Archer', 'Bob Baker', 'Carol Cook', 'Dave 50%_off'];

  test('comparison operators', async () => {
    expect(await names([['city', '=', 'Paris']])).toEqual(['Alice Archer', 'Carol Cook']);
    expect(await names([['color', '>', 3], ['color', '<=', 7]])).toEqual(['Bob Baker', 'Carol Cook']);
    expect(await names([['color', '>=', 3], ['color', '<', 7]])).toEqual(['Alice Archer', 'Bob Baker']);
    expect(await names([['color', 'in', [0, 5]]])).toEqual(['Bob Baker', 'Dave 50%_off']);
  });

  test('inequality also matches empty values', async () => {
    const result = await names([['email', '!=', 'alice@acme.test'], ['city', '!=', false]]);
    expect(result).toEqual(['Bob Baker', 'Carol Cook', 'Dave 50%_off']);
    expect(await names([['email', '=', false], ['city', '!=', false]])).toEqual(['Carol Cook']);
    expect(await names([['email', 'not in', ['alice@acme.test', 'dave@acme.test']], ['city', '!=', false]])).toEqual([
      'Bob Baker',
      'Carol Cook',
    ]);
  });

  test('like operators', async () => {
    expect(await names([['email', 'like', 'acme']])).toEqual(['Alice Archer', 'Dave 50%_off']);
    expect(await names([['email', 'ilike', 'bob@']])).toEqual(['Bob Baker']);
    expect(await names([['email', 'like', 'bob@']])).toEqual([]);
    expect(await names([['email', '=like', '%@acme.test']])).toEqual(['Alice Archer', 'Dave 50%_off']);
    expect(await names([['email', '=ilike', 'BOB@%']])).toEqual(['Bob Baker']);
    expect(await names([['name', 'not ilike', 'a'], ['city', '!=', false]])).toEqual([]);
    // Odoo does not escape wildcards in a like value: '_' matches any character.
    expect(await names([['name', 'like', '50%_off']])).toEqual(['Dave 50%_off']);
    expect(await names([['name', 'like', 'e_A']])).toEqual(['Alice Archer']);
  });

  test('prefix operators', async () => {
    expect(await names(['|', ['city', '=', 'Berlin'], ['city', '=', 'Ottawa']])).toEqual(['Bob Baker', 'Dave 50%_off']);
    expect(await names(['&', ['city', '=', 'Paris'], ['color', '>', 5]])).toEqual(['Carol Cook']);
    expect(await names(['!', ['city', '=', 'Paris'], ['city', '!=', false]])).toEqual(['Bob Baker', 'Dave 50%_off']);
    expect(
      await names(['|', '&', ['city', '=', 'Paris'], ['color', '=', 3], ['name', '=', 'Bob Baker']]),
    ).toEqual(['Alice Archer', 'Bob Baker']);
  });

  test('many2one by id, by name and through a dotted path', async () => {
    expect(await names([['country_id', '=', 2]])).toEqual(['Alice Archer', 'Carol Cook']);
    expect(await names([['country_id', '=', 'Germany']])).toEqual(['Bob Baker']);
    expect(await names([['country_id.code', 'in', ['CA', 'DE']]])).toEqual(['Bob Baker', 'Dave 50%_off']);
  });

  test('archived records are hidden unless asked for', async () => {
    expect(await names([['city', '=', 'Paris']])).not.toContain('Erin Archived');
    expect(await names([['city', '=', 'Paris'], ['active', '=', false]])).toEqual(['Erin Archived']);
    expect(await names([['city', '=', 'Paris'], ['active', 'in', [true, false]]])).toContain('Erin Archived');
    expect(await names([['city', '=', 'Paris']], { context: { active_test: false } })).toEqual([
      'Alice Archer',
      'Carol Cook',
      'Erin Archived',
    ]);
  });

  test('read still returns archived records', async () => {
    const records = await odoo.executeKw('res.partner', 'read', [[ids.erin], ['active']]);
    expect(records).toEqual([{ id: ids.erin, active: false }]);
  });

  test('order, offset and limit', async () => {
    const domain = [['city', '!=', false]];
    const byColor = (await odoo.executeKw('res.partner', 'search', [domain], { order: 'color desc' })) as number[];
    expect(byColor).toEqual([ids.carol, ids.bob, ids.alice, ids.dave]);

    const page = await odoo.executeKw('res.partner', 'search', [domain, 1, 2, 'color desc']);
    expect(page).toEqual([ids.bob, ids.alice]);

    const byName = (await odoo.executeKw('res.partner', 'search_read', [domain, ['name']], { order: 'name', limit: 2 })) as {
      name: string;
    }[];
    expect(byName.map((record) => record.name)).toEqual(['Alice Archer', 'Bob Baker']);
  });

  test('many2one order follows the target model order', async () => {
    const ordered = (await odoo.executeKw('res.partner', 'search_read', [[['city', '!=', false]], ['name']], {
      order: 'country_id, name',
    })) as { name: string }[];
    // Canada, France, France, Germany
    expect(ordered.map((record) => record.name)).toEqual(['Dave 50%_off', 'Alice Archer', 'Carol Cook', 'Bob Baker']);
  });

  test('search_count counts matching records', async () => {
    expect(await odoo.executeKw('res.partner', 'search_count', [[['city', '=', 'Paris']]])).toBe(2);
    expect(await odoo.executeKw('res.partner', 'search_count', [[['city', '!=', false]]], { limit: 3 })).toBe(3);
    expect(await odoo.executeKw('res.partner', 'search', [[['city', '!=', false]]], { count: true })).toBe(4);
  });

  test('partners with a city are the test people', async () => {
    expect(await names([['city', '!=', false]])).toEqual(testPeople);
  });

  test('countries are found by code', async () => {
    const countries = await odoo.executeKw('res.country', 'search_read', [[['code', '=', 'US']], ['name', 'code']]);
    expect(countries).toEqual([{ id: 6, name: 'United States', code: 'US' }]);
  });

  test('name_search and name_get', async () => {
    const found = await odoo.executeKw('res.partner', 'name_search', ['archer']);
    expect(found).toEqual([[ids.alice, 'Alice Archer']]);
    expect(await odoo.executeKw('crm.stage', 'name_get', [[4]])).toEqual([[4, 'Won']]);
  });

  test('unknown field in a domain faults', async () => {
    const fault = await expectFault(odoo.executeKw('res.partner', 'search', [[['foo', '=', 1]]]));

    expect(fault.faultCode).toBe(1);
    expect(lastTracebackLine(fault.faultString)).toBe("ValueError: Invalid field res.partner.foo in leaf ('foo', '=', 1)");
  });

  test('unknown field behind a dotted path faults on the target model', async () => {
    const fault = await expectFault(odoo.executeKw('res.partner', 'search', [[['country_id.nope', '=', 'x']]]));
    expect(lastTracebackLine(fault.faultString)).toBe("ValueError: Invalid field res.country.nope in leaf ('nope', '=', 'x')");
  });

  test('invalid operator faults', async () => {
    const fault = await expectFault(odoo.executeKw('res.partner', 'search', [[['name', 'contains', 'x']]]));
    expect(lastTracebackLine(fault.faultString)).toBe("ValueError: Invalid leaf ('name', 'contains', 'x')");
  });

  test('domain with a missing operand faults', async () => {
    const fault = await expectFault(odoo.executeKw('res.partner', 'search', [['|', ['name', '=', 'x']]]));
    expect(lastTracebackLine(fault.faultString)).toBe(
      "AssertionError: This domain is syntactically not correct: ['|', ['name', '=', 'x']]",
    );
  });

  test('invalid order faults', async () => {
    const badSyntax = await expectFault(odoo.executeKw('res.partner', 'search', [[]], { order: 'name; drop table' }));
    expect(badSyntax.faultCode).toBe(2);
    expect(badSyntax.faultString).toBe(
      'Invalid "order" specified (name; drop table). A valid "order" specification is a comma-separated list of ' +
        'valid field names (optionally followed by asc/desc for the direction)',
    );

    const unknownField = await expectFault(odoo.executeKw('res.partner', 'search', [[]], { order: 'nope desc' }));
    expect(unknownField.faultCode).toBe(1);
    expect(lastTracebackLine(unknownField.faultString)).toBe("ValueError: Invalid field 'nope' on model 'res.partner'");
  });
});

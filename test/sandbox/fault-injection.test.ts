// Faults injected into a running sandbox: HTTP errors, dropped connections,
// serialization failures, commits whose response is lost, and validation
// errors on chosen values, all reproducible from a seed.

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

import { FaultOptionError } from '../../sandbox/fault-injection.js';
import { clearFaults, injectFaults, injectedFaults, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { Json2Client } from './json2-client.js';
import { OdooClient, expectFault, lastTracebackLine } from './odoo-client.js';

const API_KEY = 'fault-injection-key';

describe('fault injection', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: API_KEY });
    odoo = new OdooClient(sandbox);
  });
  afterEach(() => {
    clearFaults(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  function countPartners(name: string): Promise<unknown> {
    return odoo.executeKw('res.partner', 'search_count', [[['name', '=', name]]]);
  }

  test('HTTP status faults carry Retry-After and stop after the limit', async () => {
    injectFaults(sandbox, { httpStatusRate: { status: 503, rate: 1, retryAfterSeconds: 7 }, limit: 2, seed: 1 });
    const json2 = new Json2Client(sandbox, API_KEY);

    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await json2.call('res.country', 'search_count', { domain: [] });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
    }
    const third = await json2.call('res.country', 'search_count', { domain: [] });
    expect(third.status).toBe(200);
    expect(injectedFaults(sandbox).map((fault) => fault.kind)).toEqual(['http-status', 'http-status']);
  });

  test('an HTTP status fault reaches XML-RPC as an HTML error page', async () => {
    injectFaults(sandbox, { httpStatusRate: { status: 429, rate: 1 }, seed: 2 });
    // The xmlrpc package ignores the status and fails on the HTML body.
    await expect(odoo.executeKw('res.country', 'search_count', [[]])).rejects.toThrow();

    const call =
      '<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params>' +
      `<param><value><string>${sandbox.database}</string></value></param><param><value><int>2</int></value></param>` +
      '<param><value><string>admin</string></value></param><param><value><string>res.country</string></value></param>' +
      '<param><value><string>search_count</string></value></param>' +
      '<param><value><array><data><value><array><data></data></array></value></data></array></value></param>' +
      '</params></methodCall>';
    const response = await fetch(`${sandbox.url}/xmlrpc/2/object`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: call });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
  });

  test('a dropped connection runs nothing', async () => {
    injectFaults(sandbox, { dropConnectionRate: 1, seed: 3 });
    await expect(odoo.executeKw('res.partner', 'create', [{ name: 'Dropped' }])).rejects.toThrow(/socket hang up|ECONNRESET/);

    clearFaults(sandbox);
    expect(await countPartners('Dropped')).toBe(0);
  });

  test('a serialization failure is fault 1 and writes nothing', async () => {
    injectFaults(sandbox, { serializationFailureRate: 1, seed: 4 });
    const fault = await expectFault(odoo.executeKw('res.partner', 'create', [{ name: 'Conflicted' }]));

    expect(fault.faultCode).toBe(1);
    expect(fault.faultString.startsWith('Traceback (most recent call last):\n')).toBe(true);
    expect(lastTracebackLine(fault.faultString)).toBe(
      'psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update',
    );
    clearFaults(sandbox);
    expect(await countPartners('Conflicted')).toBe(0);
  });

  test('a serialization failure over JSON-2 is a 500 error', async () => {
    injectFaults(sandbox, { serializationFailureRate: 1, seed: 5 });
    const response = await new Json2Client(sandbox, API_KEY).call('res.partner', 'create', { vals_list: [{ name: 'x' }] });
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({
      name: 'psycopg2.errors.SerializationFailure',
      message: 'could not serialize access due to concurrent update\n',
    });
  });

  test('commit then drop: the client fails but the record exists', async () => {
    injectFaults(sandbox, { commitThenDropRate: 1, seed: 6 });
    await expect(odoo.executeKw('res.partner', 'create', [{ name: 'Committed' }])).rejects.toThrow(/socket hang up|ECONNRESET/);

    clearFaults(sandbox);
    expect(await countPartners('Committed')).toBe(1);
  });

  test('a validation pattern rejects matching values and their whole batch', async () => {
    injectFaults(sandbox, { validationErrorPattern: { model: 'res.partner', field: 'email', pattern: '@invalid\\.test$' }, seed: 7 });

    const fault = await expectFault(
      odoo.executeKw('res.partner', 'create', [[{ name: 'Fine', email: 'fine@example.com' }, { name: 'Rejected', email: 'x@invalid.test' }]]),
    );
    expect(fault.faultCode).toBe(2);
    expect(fault.faultString).toContain("res.partner.email: 'x@invalid.test'");
    expect(await countPartners('Fine')).toBe(0);

    expect(typeof (await odoo.executeKw('res.partner', 'create', [{ name: 'Fine', email: 'fine@example.com' }]))).toBe('number');
    const written = await expectFault(odoo.executeKw('res.partner', 'write', [[3], { email: 'admin@invalid.test' }]));
    expect(written.faultCode).toBe(2);
  });

  test('faults can be limited to some methods', async () => {
    injectFaults(sandbox, { serializationFailureRate: 1, methods: ['create'], seed: 8 });
    expect(await odoo.executeKw('res.country', 'search_count', [[]])).toEqual(expect.any(Number));
    await expectFault(odoo.executeKw('res.partner', 'create', [{ name: 'Limited' }]));
  });

  test('the same seed gives the same faults', async () => {
    const kinds = async (seed: number) => {
      injectFaults(sandbox, { serializationFailureRate: 0.5, seed });
      for (let call = 0; call < 20; call += 1) {
        await odoo.executeKw('res.country', 'search_count', [[]]).catch(() => undefined);
      }
      return injectedFaults(sandbox).length;
    };
    const first = await kinds(42);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(20);
    expect(await kinds(42)).toBe(first);
  });

  test('invalid options are refused', () => {
    expect(() => injectFaults(sandbox, { dropConnectionRate: 2, seed: 1 })).toThrow(FaultOptionError);
    expect(() => injectFaults(sandbox, { seed: 1.5 })).toThrow(FaultOptionError);
    expect(() => injectFaults(sandbox, { validationErrorPattern: { model: 'res.partner', field: 'name', pattern: '(' }, seed: 1 })).toThrow(
      /not a valid regular expression/,
    );
  });

  test('the common service never gets faults', async () => {
    injectFaults(sandbox, { dropConnectionRate: 1, seed: 9 });
    expect(await odoo.common('authenticate', [sandbox.database, 'admin', 'admin', {}])).toBe(2);
  });
});

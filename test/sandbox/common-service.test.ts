// The `common` service and the HTTP transport: routes, methods, bodies.

import { request } from 'node:http';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient, callXmlRpc, expectFault, lastTracebackLine } from './odoo-client.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function rawRequest(sandbox: Sandbox, method: string, path: string, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${sandbox.url}${path}`, { method, headers: { 'Content-Type': 'text/xml' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('common service', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ database: 'crm_test', login: 'ada', password: 's3cret' });
    odoo = new OdooClient(sandbox, 2, 's3cret');
  });
  afterAll(async () => {
    await sandbox.close();
  });

  test('version reports Odoo 16.0', async () => {
    expect(await odoo.common('version', [])).toEqual({
      server_version: '16.0',
      server_version_info: [16, 0, 0, 'final', 0, ''],
      server_serie: '16.0',
      protocol_version: 1,
    });
  });

  test('sandbox exposes its address and database', () => {
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.database).toBe('crm_test');
    expect(sandbox.login).toBe('ada');
  });

  test('authenticate returns the admin uid', async () => {
    expect(await odoo.common('authenticate', ['crm_test', 'ada', 's3cret', {}])).toBe(2);
  });

  test('authenticate with bad credentials returns false', async () => {
    expect(await odoo.common('authenticate', ['crm_test', 'ada', 'wrong', {}])).toBe(false);
    expect(await odoo.common('authenticate', ['crm_test', 'nobody', 's3cret', {}])).toBe(false);
    expect(await odoo.common('authenticate', ['crm_test', 'ada', '', {}])).toBe(false);
  });

  test('authenticate rejects the inactive superuser', async () => {
    expect(await odoo.common('authenticate', ['crm_test', '__system__', 's3cret', {}])).toBe(false);
  });

  test('login returns the uid or false', async () => {
    expect(await odoo.common('login', ['crm_test', 'ada', 's3cret'])).toBe(2);
    expect(await odoo.common('login', ['crm_test', 'ada', 'nope'])).toBe(false);
  });

  test('authenticate on an unknown database faults', async () => {
    const fault = await expectFault(odoo.common('authenticate', ['no_such_db', 'ada', 's3cret', {}]));

    expect(fault.faultCode).toBe(1);
    expect(fault.faultString.startsWith('Traceback (most recent call last):\n')).toBe(true);
    expect(lastTracebackLine(fault.faultString)).toBe(
      'psycopg2.OperationalError: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "no_such_db" does not exist',
    );
  });

  test('authenticate without user_agent_env faults', async () => {
    const fault = await expectFault(odoo.common('authenticate', ['crm_test', 'ada', 's3cret']));

    expect(fault.faultCode).toBe(1);
    expect(lastTracebackLine(fault.faultString)).toBe(
      "TypeError: exp_authenticate() missing 1 required positional argument: 'user_agent_env'",
    );
  });

  test('unknown common method faults', async () => {
    const fault = await expectFault(odoo.common('no_such_method', []));

    expect(fault.faultCode).toBe(1);
    expect(lastTracebackLine(fault.faultString)).toBe("KeyError: 'exp_no_such_method'");
  });

  test('unknown route answers 404', async () => {
    const response = await rawRequest(sandbox, 'POST', '/xmlrpc/2/db', '<?xml version="1.0"?><methodCall/>');
    expect(response.status).toBe(404);
    await expect(callXmlRpc(sandbox, '/xmlrpc/common', 'version', [])).rejects.toThrow('Not Found');
  });

  test('GET on a service route answers 405', async () => {
    const response = await rawRequest(sandbox, 'GET', '/xmlrpc/2/common');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });

  test('malformed XML gets a fault with HTTP 200', async () => {
    const response = await rawRequest(sandbox, 'POST', '/xmlrpc/2/common', '<methodCall><methodName>version');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(response.body).toContain('<fault>');
    expect(response.body).toContain('<name>faultCode</name><value><int>1</int></value>');
  });

  test('floats are sent as doubles and empty values as False', async () => {
    const call =
      '<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params>' +
      '<param><value><string>crm_test</string></value></param><param><value><int>2</int></value></param>' +
      '<param><value><string>s3cret</string></value></param><param><value><string>res.partner</string></value></param>' +
      '<param><value><string>read</string></value></param>' +
      '<param><value><array><data><value><array><data><value><int>1</int></value></data></array></value>' +
      '<value><array><data><value><string>partner_latitude</string></value><value><string>email</string></value>' +
      '</data></array></value></data></array></value></param></params></methodCall>';
    const response = await rawRequest(sandbox, 'POST', '/xmlrpc/2/object', call);

    expect(response.status).toBe(200);
    expect(response.body).toContain('<name>partner_latitude</name><value><double>0.0</double></value>');
    expect(response.body).toContain('<name>email</name><value><boolean>0</boolean></value>');
    expect(response.body).not.toContain('<nil/>');
  });
});

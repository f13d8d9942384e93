// Logging in over JSON-2 with the API key alone: the version from
// GET /web/version and the uid from res.users/context_get, without a single
// XML-RPC call.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { OdooClient, type OdooConnection } from '../../runtime/odoo/odoo-client.js';
import { OdooAuthenticationError, OdooConnectionError } from '../../runtime/odoo/odoo-errors.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { Json2Client } from '../sandbox/json2-client.js';

const apiKey = 'json2-login-api-key';

describe('JSON-2 login', () => {
  let odoo19: Sandbox;
  let odoo16: Sandbox;
  let connection: OdooConnection;

  beforeAll(async () => {
    odoo19 = await startSandbox({ serverVersion: '19.0', apiKey, password: 'the-password' });
    odoo16 = await startSandbox({ serverVersion: '16.0', apiKey, password: 'the-password' });
    connection = { url: odoo19.url, database: odoo19.database, login: odoo19.login, password: apiKey, protocol: 'json2' };
  });
  afterAll(async () => {
    await odoo19.close();
    await odoo16.close();
  });

  test('reads version and uid without XML-RPC', async () => {
    const requests: string[] = [];
    const spy = await startCountingProxy(odoo19.url, requests);
    try {
      const client = await OdooClient.connect({ ...connection, url: spy.url });
      expect(client.uid).toBe(2);
      expect(client.serverVersion).toBe('19.0');
      expect(client.majorVersion).toBe(19);
      expect(requests.filter((path) => path.startsWith('/xmlrpc'))).toEqual([]);
      expect(requests).toEqual(['GET /web/version', 'POST /json/2/res.users/context_get', 'POST /json/2/res.users/read']);
    } finally {
      await spy.close();
    }
  });

  test('sandbox serves /web/version as Odoo 19', async () => {
    const response = await fetch(`${odoo19.url}/web/version`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
  });

  test('sandbox context_get includes uid on 19 only', async () => {
    const json2 = new Json2Client(odoo19, apiKey);
    const context = await json2.call('res.users', 'context_get', {});
    expect(context.status).toBe(200);
    expect(context.body).toMatchObject({ uid: 2 });
    expect(Object.keys(context.body as object).sort()).toEqual(['lang', 'tz', 'uid']);

    const odoo16Client = await OdooClient.connect({ url: odoo16.url, database: odoo16.database, login: odoo16.login, password: 'the-password' });
    const odoo16Context = (await odoo16Client.executeKw('res.users', 'context_get', [])) as Record<string, unknown>;
    expect(Object.keys(odoo16Context).sort()).toEqual(['lang', 'tz']);
  });

  test('wrong API key names the setting', async () => {
    const attempt = OdooClient.connect({ ...connection, password: 'not-the-key' });
    await expect(attempt).rejects.toBeInstanceOf(OdooAuthenticationError);
    await expect(attempt).rejects.toThrow(/rejected the API key \(Invalid apikey\).*target\.password_env/);
  });

  test('unknown database names target.database', async () => {
    const attempt = OdooClient.connect({ ...connection, database: 'no_such_db' });
    await expect(attempt).rejects.toBeInstanceOf(OdooConnectionError);
    await expect(attempt).rejects.toThrow(`Odoo at ${odoo19.url} has no database \`no_such_db\`; check target.database in pmap.yaml`);
  });

  test('key of another user is rejected', async () => {
    const attempt = OdooClient.connect({ ...connection, login: 'someone.else' });
    await expect(attempt).rejects.toThrow('the API key belongs to the Odoo user `admin`, not to target.login `someone.else`');
  });

  test('Odoo 16 is told to use xmlrpc', async () => {
    const attempt = OdooClient.connect({ ...connection, url: odoo16.url, database: odoo16.database });
    await expect(attempt).rejects.toThrow(/did not return its version from GET \/web\/version as Odoo 19 and later do.*`protocol: xmlrpc`/);
  });
});

/** Starts a plain HTTP proxy that records `METHOD path` of each request before passing it on. */
async function startCountingProxy(target: string, requests: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer, request } = await import('node:http');
  const server = createServer((incoming, outgoing) => {
    requests.push(`${incoming.method} ${incoming.url}`);
    const forwarded = request(new URL(incoming.url ?? '/', target), { method: incoming.method, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

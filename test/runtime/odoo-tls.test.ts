// Certificates of https targets are verified unless pmap.yaml turns it off
// with `target.tls_verify: false`, and then every run prints a warning.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { OdooClient, type OdooConnection } from '../../runtime/odoo/odoo-client.js';
import { OdooConnectionError } from '../../runtime/odoo/odoo-errors.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { hasOpenssl, startHttpsProxy, type HttpsProxy } from '../support/https-proxy.js';
import { runPmap } from '../support/run-pmap.js';

const apiKey = 'tls-test-api-key';

if (!hasOpenssl) console.warn('skipping the TLS tests: no openssl on the PATH to make a self-signed test certificate');

describe.skipIf(!hasOpenssl)('TLS to an https target with a self-signed certificate', () => {
  let sandbox: Sandbox;
  let proxy: HttpsProxy;

  beforeAll(async () => {
    sandbox = await startSandbox({ serverVersion: '19.0', apiKey, password: 'tls-password' });
    proxy = await startHttpsProxy(sandbox.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  const connection = (protocol: 'xmlrpc' | 'json2'): OdooConnection => ({
    url: proxy.url,
    database: sandbox.database,
    login: sandbox.login,
    password: protocol === 'json2' ? apiKey : 'tls-password',
    protocol,
    retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
  });

  test.each(['xmlrpc', 'json2'] as const)('%s: verification on rejects it', async (protocol) => {
    const attempt = OdooClient.connect(connection(protocol));
    await expect(attempt).rejects.toBeInstanceOf(OdooConnectionError);
    await expect(attempt).rejects.toThrow(`the TLS certificate of ${proxy.url} could not be verified (DEPTH_ZERO_SELF_SIGNED_CERT`);
    await expect(attempt).rejects.toThrow('`tls_verify: false` under target in pmap.yaml');
  });

  test.each(['xmlrpc', 'json2'] as const)('%s: verification off connects', async (protocol) => {
    const client = await OdooClient.connect({ ...connection(protocol), tlsVerify: false });
    expect(client.serverVersion).toBe('19.0');
    expect(await client.searchCount('res.country', [['code', '=', 'US']])).toBe(1);
  });

  test('CLI fails without tls_verify', async () => {
    const directory = projectFor(proxy.url, '');
    const result = await runPmap(['discover', 'odoo', directory], { env: { PMAP_ODOO_PASSWORD: 'tls-password' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the TLS certificate of ${proxy.url} could not be verified`);
    expect(result.stderr).toContain('`tls_verify: false` under target in pmap.yaml');
    expect(result.stderr).not.toContain('    at ');
  });

  test('CLI warns on every run with tls_verify false', async () => {
    const directory = projectFor(proxy.url, '  tls_verify: false\n');
    for (let run = 0; run < 2; run += 1) {
      const result = await runPmap(['discover', 'odoo', directory], { env: { PMAP_ODOO_PASSWORD: 'tls-password' } });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(`warning: TLS certificate verification is off for ${proxy.url} (target.tls_verify: false in pmap.yaml); anyone on the network path could read the password and the data. Remove the setting once the server has a trusted certificate\n`);
      expect(result.stdout).toContain('wrote ');
    }
  });
});

/** Writes a project with one spec and a target at `url`; `extraTarget` adds lines under target. */
function projectFor(url: string, extraTarget: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'pmap-tls-project-'));
  writeFileSync(
    join(directory, 'pmap.yaml'),
    `source:\n  kind: bix\n  path: extract\ntarget:\n  url: ${url}\n  database: sandbox\n  login: admin\n${extraTarget}`,
  );
  mkdirSync(join(directory, 'specs'));
  mkdirSync(join(directory, 'extract'));
  writeFileSync(join(directory, 'specs', 'contact.pmap'), 'object Contact\n  from pega table customer key CustomerID\n  to odoo res.partner\n\n  name = Name\n');
  return directory;
}

// The Odoo servers the conformance tests run against: two sandboxes always
// (16.0 over XML-RPC, 19.0 over JSON-2), and a real Odoo when the
// PMAP_TEST_ODOO_* variables name one. The same test bodies run on each, so
// a difference between the sandbox and a real server fails a test.

import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';

export interface ConnectedTarget {
  readonly client: OdooClient;
  readonly protocol: 'xmlrpc' | 'json2';
  /** A client whose password or API key is wrong, for the access error checks. */
  connectWithWrongSecret(): Promise<OdooClient>;
  close(): Promise<void>;
}

export interface ConformanceTarget {
  /** The describe block's name, which explains why a skipped target is skipped. */
  readonly label: string;
  readonly skip: boolean;
  start(): Promise<ConnectedTarget>;
}

const noRetry = { retries: 0, baseDelayMs: 1, maxDelayMs: 1 };

const realOdooVariables = 'PMAP_TEST_ODOO_URL, PMAP_TEST_ODOO_DB, PMAP_TEST_ODOO_LOGIN and PMAP_TEST_ODOO_PASSWORD or PMAP_TEST_ODOO_API_KEY';

/** Reads the real Odoo's settings from the environment; undefined when PMAP_TEST_ODOO_URL is not set. */
function realOdooSettings(environment: NodeJS.ProcessEnv) {
  const url = environment.PMAP_TEST_ODOO_URL;
  if (!url) return undefined;
  const database = environment.PMAP_TEST_ODOO_DB;
  const login = environment.PMAP_TEST_ODOO_LOGIN;
  const apiKey = environment.PMAP_TEST_ODOO_API_KEY;
  const password = environment.PMAP_TEST_ODOO_PASSWORD;
  if (!database || !login || !(password || apiKey)) throw new Error(`PMAP_TEST_ODOO_URL is set, so ${realOdooVariables} must be set too`);
  // An API key alone means JSON-2 (Odoo 19 and later); a password means XML-RPC.
  return { url, database, login, secret: (password ?? apiKey)!, protocol: password ? ('xmlrpc' as const) : ('json2' as const) };
}

function sandboxTarget(serverVersion: '16.0' | '19.0', protocol: 'xmlrpc' | 'json2'): ConformanceTarget {
  const secret = `conformance-${serverVersion}`;
  return {
    label: `Odoo ${serverVersion} sandbox over ${protocol === 'json2' ? 'JSON-2' : 'XML-RPC'}`,
    skip: false,
    async start() {
      const sandbox: Sandbox = await startSandbox({ serverVersion, password: secret, apiKey: secret });
      const connect = (password: string) =>
        OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password, protocol, retry: noRetry });
      return { client: await connect(secret), protocol, connectWithWrongSecret: () => connect(`${secret}-wrong`), close: () => sandbox.close() };
    },
  };
}

function realTarget(): ConformanceTarget {
  const settings = realOdooSettings(process.env);
  return {
    label: settings
      ? `real Odoo at ${settings.url} over ${settings.protocol === 'json2' ? 'JSON-2' : 'XML-RPC'}`
      : `real Odoo (skipped: set ${realOdooVariables} to run these tests against one)`,
    skip: settings === undefined,
    async start() {
      if (!settings) throw new Error('no real Odoo is configured');
      const connect = (password: string) => OdooClient.connect({ ...settings, password, retry: noRetry });
      return { client: await connect(settings.secret), protocol: settings.protocol, connectWithWrongSecret: () => connect(`${settings.secret}-wrong`), close: async () => undefined };
    },
  };
}

export const conformanceTargets: readonly ConformanceTarget[] = [sandboxTarget('16.0', 'xmlrpc'), sandboxTarget('19.0', 'json2'), realTarget()];

/** A prefix for the names of records the tests create, so they can be found and removed on a real server. */
export const recordPrefix = 'pmap conformance';

import type { Json2Transport } from './json2-transport.js';
import { OdooAuthenticationError, OdooConnectionError, OdooFault } from './odoo-errors.js';
import type { XmlRpcTransport } from './xmlrpc-transport.js';

/** Who the client acts as, and which Odoo it talks to. */
export interface OdooSessionInfo {
  readonly uid: number;
  readonly serverVersion: string;
}

interface LoginTarget {
  readonly url: string;
  readonly database: string;
  readonly login: string;
  readonly password: string;
}

const credentialsHint = 'check target.login and target.database in pmap.yaml and the password or API key in the variable named by target.password_env';

/** Reads the version from `common.version` and the uid from `common.authenticate`. */
export async function loginOverXmlRpc(transport: XmlRpcTransport, target: LoginTarget): Promise<OdooSessionInfo> {
  const version = (await transport.callCommon('version', [])) as { server_version?: unknown } | undefined;
  if (!version || typeof version.server_version !== 'string') {
    throw new OdooConnectionError(`${target.url} did not answer common.version like an Odoo server; check target.url in pmap.yaml`, target.url);
  }

  const uid = await transport.callCommon('authenticate', [target.database, target.login, target.password, {}]).catch((error: unknown) => {
    // Odoo does not catch an unknown database: it faults with PostgreSQL's text.
    if (error instanceof OdooFault && /database "[^"]*" does not exist/.test(error.faultString)) throw unknownDatabase(target);
    throw error;
  });
  if (typeof uid !== 'number' || uid <= 0) {
    throw new OdooAuthenticationError(`Odoo refused the login \`${target.login}\` on database \`${target.database}\` at ${target.url}; ${credentialsHint}`);
  }
  return { uid, serverVersion: version.server_version };
}

/**
 * Logs in with the API key alone, as JSON-2 does: the version comes from
 * `GET /web/version` and the uid from `res.users/context_get`, which Odoo 19
 * returns for the key's user. XML-RPC is never called, so this works where
 * XML-RPC is disabled or removed. The key's user must be `target.login`, so
 * that a key copied from another account does not load records under that
 * account's name.
 */
export async function loginOverJson2(transport: Json2Transport, target: LoginTarget): Promise<OdooSessionInfo> {
  const version = await transport.version();
  if (!version) {
    throw new OdooConnectionError(
      `${target.url} did not return its version from GET /web/version as Odoo 19 and later do, and JSON-2 needs Odoo 19 or later; ` +
        'check target.url in pmap.yaml, or set `protocol: xmlrpc` under target for Odoo 16 to 18',
      target.url,
    );
  }

  let context: { uid?: unknown };
  try {
    context = (await transport.call('res.users', 'context_get', [], {})) as { uid?: unknown };
  } catch (error) {
    if (error instanceof OdooFault && error.faultCode === 3) {
      throw new OdooAuthenticationError(`Odoo at ${target.url} rejected the API key (${error.message}); ${credentialsHint}, which must hold an API key for JSON-2`);
    }
    // Odoo responds to a request for a database it does not have with an HTML 404 page.
    if (error instanceof OdooConnectionError && error.httpStatus === 404) throw unknownDatabase(target);
    throw error;
  }
  if (typeof context?.uid !== 'number' || context.uid <= 0) {
    throw new OdooConnectionError(`${target.url} returned no user id from res.users/context_get; JSON-2 needs Odoo 19 or later: set \`protocol: xmlrpc\` under target for older servers`, target.url);
  }

  const [user] = (await transport.call('res.users', 'read', [[context.uid], ['login']], {})) as Array<{ login?: unknown }>;
  if (user?.login !== target.login) {
    throw new OdooAuthenticationError(
      `the API key belongs to the Odoo user \`${String(user?.login)}\`, not to target.login \`${target.login}\` at ${target.url}; ` +
        'put an API key of that user in the variable named by target.password_env, or correct target.login in pmap.yaml',
    );
  }
  return { uid: context.uid, serverVersion: version.version };
}

function unknownDatabase(target: LoginTarget): OdooConnectionError {
  return new OdooConnectionError(`Odoo at ${target.url} has no database \`${target.database}\`; check target.database in pmap.yaml`, target.url);
}

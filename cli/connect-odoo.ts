import { randomBytes } from 'node:crypto';
import type { ProjectConfig } from '../compiler/project-config.js';
import { OdooClient, type OdooConnection } from '../runtime/odoo/odoo-client.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { UserError } from './user-error.js';

export interface OdooSession {
  readonly client: OdooClient;
  readonly connection: Omit<OdooConnection, 'password'>;
  /** Stops the embedded sandbox, when one was started. */
  close(): Promise<void>;
}

/**
 * Logs in to the Odoo that `pmap.yaml` names, or to a sandbox started in this
 * process for this run when `sandbox` is set. The password comes from the
 * environment variable the config names and is never printed.
 */
export async function connectOdoo(target: ProjectConfig['target'], options: { sandbox: boolean }): Promise<OdooSession> {
  let sandbox: Sandbox | undefined;
  let connection: OdooConnection;
  if (options.sandbox) {
    const password = randomBytes(18).toString('base64url');
    sandbox = await startSandbox({ password, apiKey: password });
    connection = { url: sandbox.url, database: sandbox.database, login: sandbox.login, password, protocol: target.protocol };
    process.stdout.write(`started an Odoo sandbox at ${sandbox.url} for this run; it stops when the run ends\n`);
  } else {
    connection = { url: target.url, database: target.database, login: target.login, password: readPassword(target.passwordEnv), protocol: target.protocol };
    if (target.tlsVerify === false) {
      connection = { ...connection, tlsVerify: false };
      process.stderr.write(tlsWarning(target.url));
    }
  }

  try {
    const client = await OdooClient.connect(connection);
    const over = connection.protocol === 'json2' ? 'JSON-2' : 'XML-RPC';
    process.stdout.write(`connected to Odoo ${client.serverVersion} at ${connection.url} (database ${connection.database}) as ${connection.login} over ${over}\n`);
    const { password: _password, ...shown } = connection;
    return { client, connection: shown, close: async () => sandbox?.close() };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}

/** Builds the warning printed on every run that does not verify the server's certificate. */
function tlsWarning(url: string): string {
  if (!url.startsWith('https:')) return `warning: target.tls_verify is false in pmap.yaml, but ${url} is plain http, which is not encrypted at all\n`;
  return `warning: TLS certificate verification is off for ${url} (target.tls_verify: false in pmap.yaml); anyone on the network path could read the password and the data. Remove the setting once the server has a trusted certificate\n`;
}

function readPassword(variable: string): string {
  const password = process.env[variable];
  if (!password) {
    throw new UserError(`the environment variable ${variable} is not set or is empty; export the Odoo password or API key in it (target.password_env in pmap.yaml names the variable), or run with --sandbox`);
  }
  return password;
}

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { ProjectConfig } from '../compiler/project-config.js';
import { OdooClient, type OdooConnection } from '../runtime/odoo/odoo-client.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { UserError } from './user-error.js';

export interface OdooSession {
  readonly client: OdooClient;
  readonly connection: Omit<OdooConnection, 'password'>;
  /** The Odoo this session loads into, as runs record it: URL and database, or the sandbox file. */
  readonly target: string;
  /** Stops the embedded sandbox, when one was started. */
  close(): Promise<void>;
}

/** Where `--sandbox` keeps the sandbox's database inside a project, so apply, verify and rollback see one Odoo. */
export const SANDBOX_FILE = join('.pmap', 'sandbox', 'odoo.json');

/**
 * Logs in to the Odoo that `pmap.yaml` names, or to a sandbox started in this
 * process when `sandbox` is set. The sandbox keeps its database in the
 * project's `.pmap/sandbox/` (or in memory without a project folder). The
 * password comes from the environment variable the config names and is
 * never printed.
 */
export async function connectOdoo(target: ProjectConfig['target'], options: { sandbox: boolean; projectDirectory?: string; log?: (line: string) => void }): Promise<OdooSession> {
  // `pmap plan --format json` keeps stdout for its document, so it passes a log that writes to stderr.
  const log = options.log ?? ((line: string) => process.stdout.write(line));
  let sandbox: Sandbox | undefined;
  let connection: OdooConnection;
  let targetName: string;
  if (options.sandbox) {
    const password = randomBytes(18).toString('base64url');
    const persistFile = options.projectDirectory ? join(options.projectDirectory, SANDBOX_FILE) : undefined;
    if (persistFile) mkdirSync(dirname(persistFile), { recursive: true });
    sandbox = await startSandbox({ password, apiKey: password, ...(persistFile ? { persistFile } : {}) });
    connection = { url: sandbox.url, database: sandbox.database, login: sandbox.login, password, protocol: target.protocol };
    targetName = `sandbox ${SANDBOX_FILE}`;
    const kept = persistFile ? `its data is kept in ${relative(process.cwd(), persistFile) || persistFile} (delete that file to start from an empty Odoo)` : 'it stops when the run ends';
    log(`started an Odoo sandbox at ${sandbox.url}; ${kept}\n`);
  } else {
    connection = { url: target.url, database: target.database, login: target.login, password: readPassword(target.passwordEnv), protocol: target.protocol };
    targetName = `${target.url} ${target.database}`;
    if (target.tlsVerify === false) {
      connection = { ...connection, tlsVerify: false };
      process.stderr.write(tlsWarning(target.url));
    }
  }

  try {
    const client = await OdooClient.connect(connection);
    const over = connection.protocol === 'json2' ? 'JSON-2' : 'XML-RPC';
    log(`connected to Odoo ${client.serverVersion} at ${connection.url} (database ${connection.database}) as ${connection.login} over ${over}\n`);
    const { password: _password, ...shown } = connection;
    return { client, connection: shown, target: targetName, close: async () => sandbox?.close() };
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

import { isSupportedSeries, SUPPORTED_SERIES } from '../../sandbox/odoo-series.js';
import { StateFileError } from '../../sandbox/persistence.js';
import { SandboxOptionError, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.js';
import { UserError } from '../user-error.js';

// The state file and version can also come from --state and --server-version;
// the API key comes only from the environment, so it never shows in a process list.
const STATE_FILE_VARIABLE = 'PMAP_SANDBOX_STATE';
const VERSION_VARIABLE = 'PMAP_SANDBOX_VERSION';
const API_KEY_VARIABLE = 'PMAP_SANDBOX_API_KEY';

/** `pmap sandbox`: serve an Odoo-compatible sandbox until interrupted. */
export async function runSandbox(options: { host: string; port: number; state?: string; serverVersion?: string }): Promise<number> {
  const password = process.env.PMAP_ODOO_PASSWORD ?? 'admin';
  const persistFile = nonEmpty(options.state ?? process.env[STATE_FILE_VARIABLE]);
  const apiKey = nonEmpty(process.env[API_KEY_VARIABLE]);
  const serverVersion = readServerVersion(options.serverVersion ?? process.env[VERSION_VARIABLE]);

  const sandbox = await start({ host: options.host, port: options.port, password, persistFile, apiKey, serverVersion });
  const passwordSource = process.env.PMAP_ODOO_PASSWORD ? 'the password in PMAP_ODOO_PASSWORD' : 'password "admin" (set PMAP_ODOO_PASSWORD to choose another)';
  const apiKeyLine = apiKey
    ? `JSON-2 at ${sandbox.url}/json/2/<model>/<method> with the API key in ${API_KEY_VARIABLE}\n`
    : `JSON-2 needs an API key: set ${API_KEY_VARIABLE} to enable it\n`;
  const storage = persistFile
    ? `data is kept in ${persistFile} and survives restarts`
    : 'data lives in memory and is lost when the sandbox stops (--state FILE keeps it)';
  process.stdout.write(
    `Odoo ${sandbox.serverVersion} sandbox listening on ${sandbox.url}\n` +
      `database ${sandbox.database}, login ${sandbox.login}, ${passwordSource}\n` +
      apiKeyLine +
      `${storage}; press Ctrl-C to stop\n`,
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  process.stdout.write('sandbox stopped\n');
  return 0;
}

/** Starts the sandbox; a bad state file or version becomes a message for the user. */
async function start(options: SandboxOptions): Promise<Sandbox> {
  try {
    return await startSandbox(options);
  } catch (error) {
    if (error instanceof StateFileError || error instanceof SandboxOptionError) throw new UserError(error.message);
    throw error;
  }
}

function readServerVersion(value: string | undefined): SandboxOptions['serverVersion'] {
  const version = nonEmpty(value);
  if (version === undefined) return undefined;
  if (!isSupportedSeries(version)) {
    const supported = SUPPORTED_SERIES.join(' or ');
    throw new UserError(`the server version (--server-version or ${VERSION_VARIABLE}) must be ${supported}, not ${JSON.stringify(version)}`);
  }
  return version;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

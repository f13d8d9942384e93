// A local server that serves XML-RPC as a real Odoo 16.0 does for the calls
// pmap makes: `POST /xmlrpc/2/common` and `POST /xmlrpc/2/object`. Faults are
// HTTP 200 responses with a `<fault>` body and Odoo's integer fault codes.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { registerCallLog } from './call-log.js';
import { SandboxDatabase } from './database.js';
import { malformedRequest, PythonException, ServerException } from './faults.js';
import { dispatchCommon } from './services/common.js';
import { dispatchObject } from './services/object.js';
import { parseMethodCall, serializeFault, serializeResponse } from './xmlrpc-codec.js';

export interface SandboxOptions {
  host?: string; // default '127.0.0.1'
  port?: number; // default 0 = pick a free port
  database?: string; // default 'sandbox'
  login?: string; // default 'admin'
  password?: string; // default 'admin'
  serverVersion?: '16.0'; // only 16.0 for now
}

export interface Sandbox {
  readonly url: string; // e.g. http://127.0.0.1:40123
  readonly port: number;
  readonly database: string;
  readonly login: string;
  close(): Promise<void>;
}

/** Raised for sandbox options that cannot work. */
export class SandboxOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxOptionError';
  }
}

type ServiceDispatcher = (database: SandboxDatabase, method: string, params: readonly unknown[]) => unknown;

const SERVICES: Readonly<Record<string, ServiceDispatcher>> = {
  '/xmlrpc/2/common': dispatchCommon,
  '/xmlrpc/2/object': dispatchObject,
};

/** Starts a sandbox with a fresh database and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const serverVersion: string = options.serverVersion ?? '16.0';
  if (serverVersion !== '16.0') {
    throw new SandboxOptionError(
      `The sandbox cannot emulate Odoo ${serverVersion}: only serverVersion '16.0' is available.`,
    );
  }

  const host = options.host ?? '127.0.0.1';
  const login = options.login ?? 'admin';
  const database = new SandboxDatabase({
    name: options.database ?? 'sandbox',
    login,
    password: options.password ?? 'admin',
  });

  const server = createServer((request, response) => {
    handleRequest(database, request, response).catch((error: unknown) => {
      console.error('Odoo sandbox: failed to answer a request to', request.url, error);
      response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const sandbox: Sandbox = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    database: database.name,
    login,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Clients keep connections alive; close them so close() does not wait for their timeout.
        server.closeAllConnections();
      }),
  };
  registerCallLog(sandbox, database.calls);
  return sandbox;
}

async function handleRequest(database: SandboxDatabase, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://sandbox').pathname;
  const dispatch = SERVICES[path];
  if (!dispatch) {
    request.resume();
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not Found: ${path}\n`);
    return;
  }
  if (request.method !== 'POST') {
    request.resume();
    response.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method Not Allowed\n');
    return;
  }

  const body = await respond(database, dispatch, request);
  response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' }).end(body);
}

/** Runs the call and returns the XML of its result or fault. */
async function respond(database: SandboxDatabase, dispatch: ServiceDispatcher, request: IncomingMessage): Promise<string> {
  let call;
  try {
    call = await parseMethodCall(request);
  } catch (error) {
    return serializeFault(malformedRequest(error instanceof Error ? error.message : String(error)));
  }

  try {
    return serializeResponse(dispatch(database, call.methodName, call.params));
  } catch (error) {
    if (error instanceof ServerException) return serializeFault(error);
    // A sandbox bug: respond as Odoo responds to an unexpected exception, and log it.
    console.error('Odoo sandbox: unexpected error while serving', call.methodName, error);
    const message = error instanceof Error ? error.message : String(error);
    return serializeFault(new PythonException('builtins.RuntimeError', `Odoo sandbox internal error: ${message}`));
  }
}

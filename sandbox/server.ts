// A local server that serves XML-RPC as a real Odoo does for the calls pmap
// makes (`POST /xmlrpc/2/common` and `POST /xmlrpc/2/object`), and Odoo 19's
// JSON-2 API (`POST /json/2/<model>/<method>`, with `/web/version`) on the same port. XML-RPC
// faults are HTTP 200 responses with a `<fault>` body and Odoo's integer
// fault codes.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import { registerCallLog } from './call-log.js';
import { SandboxDatabase } from './database.js';
import { FaultPlan, type FaultDecision, type FaultOptions, type InjectedFault } from './fault-injection.js';
import { malformedRequest, PythonException, serializationFailure, ServerException } from './faults.js';
import { isSupportedSeries, seriesTraits, SUPPORTED_SERIES, type OdooSeries } from './odoo-series.js';
import { readStateFile, StateFileWriter } from './persistence.js';
import { dispatchCommon } from './services/common.js';
import { json2ExceptionReply, JSON2_PREFIX, json2Target, serveJson2, type HttpReply } from './services/json2.js';
import { dispatchObject } from './services/object.js';
import { WEB_VERSION_PATHS, webVersionReply } from './services/web-version.js';
import { pythonStr } from './python/repr.js';
import { parseMethodCall, serializeFault, serializeResponse, type MethodCall } from './xmlrpc-codec.js';

export interface SandboxOptions {
  host?: string; // default '127.0.0.1'
  port?: number; // default 0 = pick a free port
  database?: string; // default 'sandbox'
  login?: string; // default 'admin'
  password?: string; // default 'admin'
  /** The Odoo release to emulate: its version, texts and method set. Default '16.0'. */
  serverVersion?: OdooSeries;
  /** An API key of the administrator: the JSON-2 bearer token, also accepted as the XML-RPC password. */
  apiKey?: string;
  /** A JSON file that keeps the database: read at start when it exists, rewritten after every call that changed data. */
  persistFile?: string;
}

export interface Sandbox {
  readonly url: string; // e.g. http://127.0.0.1:40123
  readonly port: number;
  readonly database: string;
  readonly login: string;
  readonly serverVersion: OdooSeries;
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

const NO_FAULT: FaultDecision = { latencyMs: 0 };

interface SandboxState {
  readonly database: SandboxDatabase;
  faults: FaultPlan | undefined;
  /** Open while the sandbox runs with `persistFile`. */
  stateFile: StateFileWriter | undefined;
}

const states = new WeakMap<object, SandboxState>();

/** Starts a sandbox, with a fresh database or the one saved in `persistFile`, and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const serverVersion: string = options.serverVersion ?? '16.0';
  if (!isSupportedSeries(serverVersion)) {
    throw new SandboxOptionError(
      `The sandbox cannot emulate Odoo ${serverVersion}: serverVersion must be one of ${SUPPORTED_SERIES.map((series) => `'${series}'`).join(', ')}.`,
    );
  }

  const host = options.host ?? '127.0.0.1';
  const login = options.login ?? 'admin';
  const databaseName = options.database ?? 'sandbox';
  const saved = options.persistFile ? readStateFile(options.persistFile) : undefined;
  if (saved && saved.series !== serverVersion) {
    throw new SandboxOptionError(
      `The state file ${options.persistFile} holds an Odoo ${saved.series} database; start the sandbox with serverVersion '${saved.series}' or choose another file.`,
    );
  }
  const database = new SandboxDatabase({
    name: databaseName,
    login,
    password: options.password ?? 'admin',
    series: serverVersion,
    apiKey: options.apiKey,
    snapshot: saved,
  });

  const state: SandboxState = { database, faults: undefined, stateFile: undefined };
  if (options.persistFile) {
    // A saved file is appended to as it is. A new, old-format or cut-short one is written in full first.
    state.stateFile =
      saved && !saved.needsRewrite
        ? StateFileWriter.reopen(options.persistFile, saved)
        : StateFileWriter.create(options.persistFile, database.series, database.name, database.store.snapshot());
    database.store.trackChanges();
  }

  const server = createServer((request, response) => {
    handleRequest(state, request, response).catch((error: unknown) => {
      console.error('Odoo sandbox: failed to respond to a request to', request.url, error);
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
    serverVersion,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          state.stateFile?.close();
          state.stateFile = undefined;
          if (error) reject(error);
          else resolve();
        });
        // Clients keep connections alive; close them so close() does not wait for their timeout.
        server.closeAllConnections();
      }),
  };
  registerCallLog(sandbox, database.calls);
  states.set(sandbox, state);
  return sandbox;
}

/** Injects faults into the model calls of a running sandbox, replacing any injected before. */
export function injectFaults(sandbox: Sandbox, options: FaultOptions): void {
  const state = stateOf(sandbox);
  const plan = new FaultPlan(options);
  state.faults = plan;
  state.database.checkValues = (model, values) => plan.checkValues(model, values);
}

/** Stops injecting faults. */
export function clearFaults(sandbox: Sandbox): void {
  const state = stateOf(sandbox);
  state.faults = undefined;
  state.database.checkValues = undefined;
}

/** Returns the faults injected since the last injectFaults(), oldest first. */
export function injectedFaults(sandbox: Sandbox): readonly InjectedFault[] {
  return stateOf(sandbox).faults?.injected ?? [];
}

function stateOf(sandbox: Sandbox): SandboxState {
  const state = states.get(sandbox);
  if (!state) throw new SandboxOptionError('This object is not a sandbox returned by startSandbox().');
  return state;
}

async function handleRequest(state: SandboxState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://sandbox').pathname;
  if (path === JSON2_PREFIX || path.startsWith(`${JSON2_PREFIX}/`)) {
    await handleJson2(state, request, response, path);
    return;
  }

  if (WEB_VERSION_PATHS.has(path) && seriesTraits(state.database.series).servesWebVersion) {
    request.resume();
    send(response, webVersionReply(state.database.series));
    return;
  }

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

  const body = await readBody(request);
  let call: MethodCall;
  try {
    call = await parseMethodCall(Readable.from([body]));
  } catch (error) {
    send(response, xmlReply(serializeFault(malformedRequest(error instanceof Error ? error.message : String(error)))));
    return;
  }

  const target = dispatch === dispatchObject ? objectCallTarget(call) : undefined;
  const decision = target ? (state.faults?.decide(target.model, target.method) ?? NO_FAULT) : NO_FAULT;
  if (await interceptBeforeCall(decision, request, response)) return;

  const reply =
    decision.kind === 'serialization-failure'
      ? xmlReply(serializeFault(serializationFailure()))
      : xmlReply(respond(state.database, dispatch, call));
  finish(state, decision, response, reply);
}

async function handleJson2(state: SandboxState, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const body = await readBody(request);
  const target = request.method === 'POST' ? json2Target(path) : undefined;
  const decision = target ? (state.faults?.decide(target.model, target.method) ?? NO_FAULT) : NO_FAULT;
  if (await interceptBeforeCall(decision, request, response)) return;

  const reply =
    decision.kind === 'serialization-failure'
      ? json2ExceptionReply(serializationFailure())
      : serveJson2(state.database, { method: request.method ?? 'GET', path, headers: request.headers, body });
  finish(state, decision, response, reply);
}

/** Applies the faults that act before a call runs; returns true when the request is finished. */
async function interceptBeforeCall(decision: FaultDecision, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (decision.kind === 'drop-connection') {
    request.socket.destroy();
    return true;
  }
  if (decision.kind === 'http-status') {
    const status = decision.status ?? 503;
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
    if (decision.retryAfterSeconds !== undefined) headers['Retry-After'] = String(decision.retryAfterSeconds);
    const title = `${status} ${STATUS_TEXT[status] ?? ''}`.trim();
    response.writeHead(status, STATUS_TEXT[status], headers).end(`<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`);
    return true;
  }
  return false;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  429: 'Too Many Requests',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Saves the database when the call changed it, then sends the reply or, for commit-then-drop, drops the connection. */
function finish(state: SandboxState, decision: FaultDecision, response: ServerResponse, reply: HttpReply): void {
  persist(state);
  if (decision.kind === 'commit-then-drop') {
    response.socket?.destroy();
    return;
  }
  send(response, reply);
}

function persist(state: SandboxState): void {
  const { database, stateFile } = state;
  if (!stateFile) return;
  const { store } = database;
  stateFile.append(store.takeChanges(), store.rowCount, () => store.snapshot());
}

/** The model and method of an execute_kw or execute call, for fault injection. */
function objectCallTarget(call: MethodCall): { model: string; method: string } | undefined {
  if (call.methodName !== 'execute_kw' && call.methodName !== 'execute') return undefined;
  const [, , , model, method] = call.params;
  return { model: pythonStr(model), method: pythonStr(method) };
}

/** Runs the call and returns the XML of its result or fault. */
function respond(database: SandboxDatabase, dispatch: ServiceDispatcher, call: MethodCall): string {
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

function xmlReply(body: string): HttpReply {
  return { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body };
}

function send(response: ServerResponse, reply: HttpReply): void {
  response.writeHead(reply.status, reply.headers).end(reply.body);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

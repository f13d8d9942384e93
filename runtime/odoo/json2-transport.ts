import type { Agent } from 'node:http';
import { createOdooAgent } from './http-agent.js';
import { sendHttpRequest, type HttpResponse } from './http-request.js';
import { httpStatusError, networkError, OdooConnectionError, OdooFault } from './odoo-errors.js';

/**
 * Positional parameter names of the ORM methods pmap calls, after the ids of
 * a record method, as JSON-2 takes them by name (Odoo's own signatures).
 */
const parameterNames: Readonly<Record<string, readonly string[]>> = {
  search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  search: ['domain', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'],
  read: ['fields', 'load'],
  write: ['vals'],
  unlink: [],
  create: ['vals_list'],
  fields_get: ['allfields', 'attributes'],
  default_get: ['fields_list'],
  name_search: ['name', 'args', 'operator', 'limit'],
  load: ['fields', 'data'],
  context_get: [],
};

/** Methods whose first positional argument is the ids of the records they act on. */
const recordMethods = new Set(['read', 'write', 'unlink']);

/**
 * Fault codes XML-RPC would give, by the Python class JSON-2 names, so callers
 * treat both transports alike. A rejected API key (HTTP 401, werkzeug's
 * Unauthorized) gets 3, the code of XML-RPC's AccessDenied for a wrong password.
 */
function faultCode(name: string): number {
  if (name.endsWith('.AccessDenied') || name === 'werkzeug.exceptions.Unauthorized') return 3;
  if (name.endsWith('.AccessError')) return 4;
  if (/\.(UserError|ValidationError|MissingError|RedirectWarning)$/.test(name)) return 2;
  return 1;
}

/** The result of `GET /web/version`, served by Odoo 19 and later. */
export interface WebVersion {
  readonly version: string;
  readonly versionInfo: readonly unknown[];
}

/**
 * Calls Odoo 19's JSON-2 API: `POST /json/2/<model>/<method>` with the API
 * key as bearer token and the arguments by name. Errors become the same
 * `OdooFault` and `OdooConnectionError` as over XML-RPC.
 */
export class Json2Transport {
  private readonly base: string;
  private readonly agent: Agent;

  constructor(
    readonly url: string,
    private readonly database: string,
    private readonly apiKey: string,
    options: { readonly tlsVerify?: boolean } = {},
  ) {
    this.base = url.replace(/\/$/, '');
    this.agent = createOdooAgent(new URL(url), options.tlsVerify ?? true);
  }

  /**
   * Reads the server version from `GET /web/version`, which needs no
   * credentials. Returns undefined when the response is not that route's JSON,
   * as from Odoo 18 and older, which have neither the route nor JSON-2.
   */
  async version(): Promise<WebVersion | undefined> {
    const response = await this.send(new URL(`${this.base}/web/version`), { method: 'GET' });
    if (response.status !== 200) {
      if (response.status === 404) return undefined;
      throw httpStatusError(this.url, response.status, retryAfter(response), 'GET /web/version failed; check target.url in pmap.yaml');
    }
    const parsed = parseJson(response.body) as { version?: unknown; version_info?: unknown } | undefined;
    if (typeof parsed?.version !== 'string') return undefined;
    return { version: parsed.version, versionInfo: Array.isArray(parsed.version_info) ? parsed.version_info : [] };
  }

  async call(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>): Promise<unknown> {
    const body = JSON.stringify(this.namedArguments(method, args, kwargs));
    const response = await this.send(new URL(`${this.base}/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `bearer ${this.apiKey}`, 'X-Odoo-Database': this.database },
      body,
    });
    if (response.status === 200) return JSON.parse(response.body) as unknown;

    const parsed = parseJson(response.body) as { name?: string; message?: string } | undefined;
    if (parsed?.name && parsed.message !== undefined) {
      throw new OdooFault(faultCode(parsed.name), parsed.message, model, method);
    }
    throw httpStatusError(this.url, response.status, retryAfter(response), `${model}/${method} failed; check target.url in pmap.yaml`);
  }

  private async send(url: URL, options: Parameters<typeof sendHttpRequest>[2]): Promise<HttpResponse> {
    try {
      return await sendHttpRequest(url, this.agent, options);
    } catch (error) {
      throw this.connectionError(error as NodeJS.ErrnoException);
    }
  }

  private namedArguments(method: string, args: unknown[], kwargs: Record<string, unknown>): Record<string, unknown> {
    const names = parameterNames[method] ?? namesOfUnlistedMethod(method, args);
    const positional = [...args];
    const named: Record<string, unknown> = {};
    if (recordMethods.has(method) || !(method in parameterNames)) {
      if (positional.length > 0) named.ids = positional.shift();
    }
    positional.forEach((value, index) => {
      const name = names[index];
      if (name === undefined) throw new Error(`internal error in pmap: too many arguments for ${method}`);
      named[name] = value;
    });
    return { ...named, ...kwargs };
  }

  private connectionError(error: NodeJS.ErrnoException): OdooConnectionError {
    return networkError(this.url, error.code, error.message);
  }
}

/**
 * Accepts a method without listed parameter names only when its one
 * positional argument is a list of ids, which needs no names, as execute_kw
 * takes the ids of a record method first.
 */
function namesOfUnlistedMethod(method: string, args: unknown[]): readonly string[] {
  const [ids, ...rest] = args;
  const onlyIds = rest.length === 0 && (ids === undefined || (Array.isArray(ids) && ids.every((id) => Number.isInteger(id))));
  if (!onlyIds) throw new Error(`internal error in pmap: no JSON-2 parameter names for ${method}`);
  return [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function retryAfter(response: HttpResponse): string | undefined {
  const value = response.headers['retry-after'];
  return Array.isArray(value) ? value[0] : value;
}

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
};

/** Methods whose first positional argument is the ids of the records they act on. */
const recordMethods = new Set(['read', 'write', 'unlink']);

/** Fault codes XML-RPC would give, by the Python class JSON-2 names, so callers treat both transports alike. */
function faultCode(name: string): number {
  if (name.endsWith('.AccessDenied')) return 3;
  if (name.endsWith('.AccessError')) return 4;
  if (/\.(UserError|ValidationError|MissingError|RedirectWarning)$/.test(name)) return 2;
  return 1;
}

/**
 * Calls Odoo 19's JSON-2 API: `POST /json/2/<model>/<method>` with the API
 * key as bearer token and the arguments by name. Errors become the same
 * `OdooFault` and `OdooConnectionError` as over XML-RPC.
 */
export class Json2Transport {
  constructor(
    readonly url: string,
    private readonly database: string,
    private readonly apiKey: string,
  ) {}

  async call(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>): Promise<unknown> {
    const body = this.namedArguments(method, args, kwargs);
    let response: Response;
    try {
      response = await fetch(`${this.url.replace(/\/$/, '')}/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `bearer ${this.apiKey}`, 'X-Odoo-Database': this.database },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw this.connectionError(error as Error & { cause?: { code?: string } });
    }

    const text = await response.text();
    if (response.status === 200) return JSON.parse(text) as unknown;

    let parsed: { name?: string; message?: string } | undefined;
    try {
      parsed = JSON.parse(text) as { name?: string; message?: string };
    } catch {
      parsed = undefined;
    }
    if (parsed?.name && parsed.message !== undefined) {
      throw new OdooFault(faultCode(parsed.name), parsed.message, model, method);
    }
    throw httpStatusError(this.url, response.status, response.headers.get('retry-after'), `${model}/${method} failed; check target.url in pmap.yaml`);
  }

  private namedArguments(method: string, args: unknown[], kwargs: Record<string, unknown>): Record<string, unknown> {
    const names = parameterNames[method];
    if (!names) throw new Error(`internal error in pmap: no JSON-2 parameter names for ${method}`);
    const positional = [...args];
    const named: Record<string, unknown> = {};
    if (recordMethods.has(method)) named.ids = positional.shift();
    positional.forEach((value, index) => {
      const name = names[index];
      if (name === undefined) throw new Error(`internal error in pmap: too many arguments for ${method}`);
      named[name] = value;
    });
    return { ...named, ...kwargs };
  }

  private connectionError(error: Error & { cause?: { code?: string } }): OdooConnectionError {
    return networkError(this.url, error.cause?.code, error.message);
  }
}

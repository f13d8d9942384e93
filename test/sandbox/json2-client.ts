// A minimal JSON-2 client for the sandbox tests, on fetch, over a real socket.

import type { Sandbox } from '../../sandbox/server.js';

export interface Json2Response {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when the body is not JSON. */
  body: unknown;
}

export interface Json2RequestOptions {
  apiKey?: string | null;
  database?: string | null;
  contentType?: string | null;
  method?: string;
  /** The raw body; by default the JSON of `args`. */
  rawBody?: string;
}

export class Json2Client {
  constructor(
    readonly sandbox: Sandbox,
    readonly apiKey: string,
  ) {}

  /** Calls `/json/2/<model>/<method>` with named arguments. */
  call(model: string, method: string, args: unknown = {}, options: Json2RequestOptions = {}): Promise<Json2Response> {
    return this.request(`/json/2/${model}/${method}`, args, options);
  }

  async request(path: string, args: unknown, options: Json2RequestOptions = {}): Promise<Json2Response> {
    const headers: Record<string, string> = {};
    const apiKey = options.apiKey === undefined ? this.apiKey : options.apiKey;
    const database = options.database === undefined ? this.sandbox.database : options.database;
    const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
    if (apiKey !== null) headers.Authorization = `bearer ${apiKey}`;
    if (database !== null) headers['X-Odoo-Database'] = database;
    if (contentType !== null) headers['Content-Type'] = contentType;

    const method = options.method ?? 'POST';
    const response = await fetch(`${this.sandbox.url}${path}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : (options.rawBody ?? JSON.stringify(args)),
    });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').startsWith('application/json')) body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body };
  }
}

/**
 * HTTP calls to Pega's DX API with an OAuth 2.0 client-credentials token,
 * bounded retries and error messages that name the URL path and the fix.
 *
 * The token comes from `<context root>/PRRestService/oauth2/v1/token` (POST,
 * `Authorization: Basic base64(client_id:client_secret)`, body
 * `grant_type=client_credentials`), which returns
 * `{ access_token, token_type: "Bearer", expires_in }`. It is cached until
 * shortly before it expires, and fetched again once when a call gets HTTP 401.
 */

import { excerpt, PegaDxError, pegaErrorText, type PegaDxErrorKind } from './pega-dx-errors.js';

export interface PegaDxHttpOptions {
  /** Pega's web application URL, context root included, for example `https://pega.example.com/prweb`. */
  readonly contextRoot: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Names of the environment variables holding the credentials, for messages. */
  readonly clientIdVariable: string;
  readonly clientSecretVariable: string;
  /** Calls after the first one on HTTP 429 or 503 or a dropped connection. */
  readonly retries: number;
  /** First backoff delay when Pega sends no Retry-After, doubled per retry, in ms. */
  readonly baseDelayMs: number;
  /** Maximum wait before one retry, in ms. A longer Retry-After is cut to it. */
  readonly maxDelayMs: number;
  /** Maximum time one call may take, in ms. */
  readonly timeoutMs: number;
}

/** A successful DX API response. */
export interface PegaDxResponse {
  readonly body: unknown;
  /** The `ETag` header, when Pega sent one. */
  readonly etag: string | undefined;
}

interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Time before the token's expiry (expires_in) at which it is refreshed, so no call carries a token that lapses in flight. */
const TOKEN_EXPIRY_MARGIN_MS = 30_000;

export class PegaDxHttp {
  private token: { value: string; expiresAt: number } | undefined;
  private pendingToken: Promise<string> | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly options: PegaDxHttpOptions) {}

  /** Path of the token endpoint, for messages. */
  get tokenPath(): string {
    return new URL(`${this.options.contextRoot}/PRRestService/oauth2/v1/token`).pathname;
  }

  /**
   * Sends one DX API call and returns its parsed JSON body. `path` starts
   * after the context root (`/api/v1/data/D_X`). `subject` names what the
   * path reads in a 404 message, for example `data view D_ServiceCaseList`.
   */
  async request(method: 'GET' | 'POST', path: string, body: unknown, subject: string): Promise<PegaDxResponse> {
    const url = `${this.options.contextRoot}${path}`;
    const urlPath = new URL(url).pathname;

    let refreshed = false;
    for (;;) {
      const token = await this.accessToken();
      const response = await this.send(url, urlPath, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

      // A token can be revoked or expire early on the server, so one 401 earns one new token.
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        this.token = undefined;
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        return { body: parseJson(response.text, urlPath), etag: response.headers.get('etag') ?? undefined };
      }
      throw this.statusError(response, urlPath, subject);
    }
  }

  /** Fails the calls in flight and every later call. */
  close(): void {
    this.abort.abort();
  }

  private async accessToken(): Promise<string> {
    if (this.token !== undefined && Date.now() < this.token.expiresAt) return this.token.value;

    // Reads running side by side share one token request.
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = undefined;
    });
    return this.pendingToken;
  }

  private async fetchToken(): Promise<string> {
    const { clientId, clientSecret } = this.options;
    const credentials = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const response = await this.send(`${this.options.contextRoot}/PRRestService/oauth2/v1/token`, this.tokenPath, {
      method: 'POST',
      headers: { Authorization: `Basic ${credentials}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'grant_type=client_credentials',
    });

    if (response.status === 400 || response.status === 401) {
      throw new PegaDxError(
        'authentication-failed',
        `Pega's token endpoint ${this.tokenPath} rejected the OAuth 2.0 client credentials (HTTP ${response.status}: ${pegaErrorText(response.text)}); ` +
          `check the client id in ${this.options.clientIdVariable} and the secret in ${this.options.clientSecretVariable} ` +
          'against the OAuth 2.0 client registration in Pega (grant type client credentials)',
      );
    }
    if (response.status < 200 || response.status >= 300) throw this.statusError(response, this.tokenPath, 'the OAuth 2.0 token endpoint');

    const body = parseJson(response.text, this.tokenPath) as { access_token?: unknown; expires_in?: unknown } | null;
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw new PegaDxError('invalid-response', `the response of ${this.tokenPath} has no access_token; check that source.url points at the Pega server`);
    }

    // A token without a lifetime is used until Pega rejects it with 401.
    const lifetimeMs = typeof body.expires_in === 'number' ? body.expires_in * 1000 : Number(body.expires_in) * 1000;
    const expiresAt = Number.isFinite(lifetimeMs) ? Date.now() + Math.max(0, lifetimeMs - TOKEN_EXPIRY_MARGIN_MS) : Number.POSITIVE_INFINITY;
    this.token = { value: body.access_token, expiresAt };
    return body.access_token;
  }

  /**
   * Sends a request, calling again after HTTP 429 or 503 (waiting for the
   * Retry-After delay) and after a dropped connection, at most `retries`
   * times. Every call pmap makes only reads, so a repeat does no harm.
   */
  private async send(url: string, urlPath: string, init: RequestInit): Promise<RawResponse> {
    const { retries } = this.options;
    for (let attempt = 0; ; attempt++) {
      let response: RawResponse;
      try {
        response = await this.fetchOnce(url, init);
      } catch (error) {
        const failure = networkError(error, url, urlPath, this.options.timeoutMs);
        if (failure.kind === 'connection-lost' && attempt < retries) {
          await this.wait(this.backoff(attempt));
          continue;
        }
        throw failure;
      }

      if (response.status !== 429 && response.status !== 503) return response;
      if (attempt >= retries) {
        throw new PegaDxError(
          response.status === 429 ? 'rate-limited' : 'server-error',
          `Pega returned HTTP ${response.status} ${response.status === 429 ? 'Too Many Requests' : 'Service Unavailable'} for ${urlPath} ` +
            `${retries + 1} times in a row (${pegaErrorText(response.text) || 'no message'}); run again later, ` +
            'when fewer clients call Pega, or ask the Pega administrators to raise the service package requestor pool',
        );
      }
      await this.wait(retryAfterMs(response.headers.get('retry-after')) ?? this.backoff(attempt));
    }
  }

  private async fetchOnce(url: string, init: RequestInit): Promise<RawResponse> {
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs)]);
    const response = await fetch(url, { ...init, signal });
    // The body is read inside the same try, so a connection dropped mid-body counts as dropped.
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  }

  private backoff(attempt: number): number {
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** attempt);
  }

  private async wait(delayMs: number): Promise<void> {
    const capped = Math.min(delayMs, this.options.maxDelayMs);
    if (this.abort.signal.aborted) throw closedError();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, capped);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
    if (this.abort.signal.aborted) throw closedError();
  }

  private statusError(response: RawResponse, urlPath: string, subject: string): PegaDxError {
    const pegaMessage = pegaErrorText(response.text);
    const pegaText = pegaMessage ? `: ${pegaMessage}` : '';
    const make = (kind: PegaDxErrorKind, advice: string): PegaDxError =>
      new PegaDxError(kind, `Pega returned HTTP ${response.status} for ${urlPath}${pegaText}; ${advice}`);

    switch (response.status) {
      case 401:
        return make(
          'authentication-failed',
          `Pega rejected a new access token for the OAuth 2.0 client in ${this.options.clientIdVariable}; ` +
            "check that the client registration is enabled and that its operator's access group may use the DX API",
        );
      case 403:
        return make(
          'access-denied',
          `the operator of the OAuth 2.0 client in ${this.options.clientIdVariable} may not read ${subject}; ` +
            "add the data page to that operator's access group (and give it rule status API when it lives in a built-on layer)",
        );
      case 404:
        return make('not-found', `${subject} does not exist; check its name under source.data_views in pmap.yaml and the application the client's operator opens`);
      default:
        if (response.status >= 500) {
          return make('server-error', `the read of ${subject} failed inside Pega; look up the error in the Pega log (PegaRULES log) and run again`);
        }
        return make('request-rejected', `check ${subject} and its settings under source.data_views in pmap.yaml`);
    }
  }
}

function closedError(): PegaDxError {
  return new PegaDxError('closed', 'the DX API source was closed while a read was running, so the table was read only in part');
}

function parseJson(text: string, urlPath: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PegaDxError(
      'invalid-response',
      `the response of ${urlPath} is not valid JSON (it starts with ${JSON.stringify(excerpt(text).slice(0, 80))}); ` +
        'check that source.url points at the Pega server itself and not at a login page or proxy',
    );
  }
}

/** Reads Retry-After as seconds or as an HTTP date, in ms; undefined when absent or invalid. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Builds the error for a failed fetch, by the socket error code behind it. */
function networkError(error: unknown, url: string, urlPath: string, timeoutMs: number): PegaDxError {
  if (error instanceof PegaDxError) return error;
  const name = (error as Error).name;
  if (name === 'AbortError') return closedError();
  if (name === 'TimeoutError') {
    return new PegaDxError(
      'timed-out',
      `Pega did not answer ${urlPath} within ${timeoutMs} ms; lower source.page_size in pmap.yaml, or ask the Pega administrators why the data view is slow`,
      { cause: error },
    );
  }

  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  const origin = new URL(url).origin;
  switch (code) {
    case 'ECONNREFUSED':
      return new PegaDxError('connection-refused', `cannot connect to Pega at ${origin} to call ${urlPath} (ECONNREFUSED); check source.url in pmap.yaml and that the server is running`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PegaDxError('host-not-found', `the host of ${origin} was not found (${code}) when calling ${urlPath}; check source.url in pmap.yaml`, { cause: error });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new PegaDxError('connection-lost', `the connection to Pega at ${origin} broke before the response of ${urlPath} arrived (${code}); run the read again`, { cause: error });
    default:
      return new PegaDxError(
        'network-error',
        `the call of ${urlPath} at ${origin} failed: ${cause?.message ?? (error as Error).message}${code ? ` (${code})` : ''}; check source.url in pmap.yaml and run again`,
        { cause: error },
      );
  }
}

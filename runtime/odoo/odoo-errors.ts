/**
 * A fault Odoo returned for a call. `message` is the useful part: for fault
 * code 1 Odoo sends a whole Python traceback, whose last line contains it.
 */
export class OdooFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
    readonly model: string,
    readonly method: string,
  ) {
    super(faultMessage(faultString));
    this.name = 'OdooFault';
  }

  /** True when the fault is Odoo's "record does not exist" (MissingError). */
  isMissingRecord(): boolean {
    return this.faultCode === 2 && this.faultString.includes('does not exist or has been deleted');
  }
}

/** Odoo could not be reached, or responded with something other than XML-RPC or JSON-2. */
export class OdooConnectionError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly details: {
      /** HTTP status of a response that is not an API result, such as a proxy's 503. */
      readonly httpStatus?: number;
      /** Seconds from a Retry-After header. */
      readonly retryAfterSeconds?: number;
      /** The connection broke after the request was sent, so Odoo may have run the call. */
      readonly transient?: boolean;
      /** The connection was refused, so Odoo never saw the call. */
      readonly notSent?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'OdooConnectionError';
  }

  get httpStatus(): number | undefined {
    return this.details.httpStatus;
  }

  get retryAfterSeconds(): number | undefined {
    return this.details.retryAfterSeconds;
  }

  get transient(): boolean {
    return this.details.transient ?? false;
  }

  get notSent(): boolean {
    return this.details.notSent ?? false;
  }
}

/**
 * A call that creates or deletes records lost its response, so whether Odoo
 * committed it is unknown. pmap does not send it again.
 */
export class OdooOutcomeUnknownError extends Error {
  constructor(readonly model: string, readonly method: string, cause: Error) {
    super(
      `the ${method} call on ${model} lost its answer (${cause.message}), so whether Odoo saved it is unknown; ` +
        'pmap did not send it again. Records it may have created have no pmap external id yet: check the model in Odoo before running pmap apply again',
    );
    this.name = 'OdooOutcomeUnknownError';
  }
}

/** The login was refused by `authenticate`. */
export class OdooAuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OdooAuthenticationError';
  }
}

/** Extracts the message from a fault string: the last line of a traceback, else the text itself. */
export function faultMessage(faultString: string): string {
  const text = faultString.trimEnd();
  if (!text.startsWith('Traceback (most recent call last)')) return text;
  const lastLine = text.split('\n').pop() ?? text;
  return lastLine.trim();
}

/** OpenSSL's codes for a server certificate that Node could not verify. */
const certificateErrorCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Builds the error for a network failure of a call, by the socket or TLS error code, for both transports. */
export function networkError(url: string, code: string | undefined, detail: string): OdooConnectionError {
  if (code !== undefined && certificateErrorCodes.has(code)) {
    return new OdooConnectionError(
      `the TLS certificate of ${url} could not be verified (${code}: ${detail}). ` +
        'Give the server a certificate from a trusted authority, or add its CA with the NODE_EXTRA_CA_CERTS environment variable. ' +
        'For a test server only, `tls_verify: false` under target in pmap.yaml turns verification off',
      url,
    );
  }
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
      return new OdooConnectionError(`cannot reach Odoo at ${url} (${code}); check target.url in pmap.yaml and that the server is running`, url, { notSent: code === 'ECONNREFUSED' });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return new OdooConnectionError(`the connection to Odoo at ${url} broke before the response arrived (${code})`, url, { transient: true });
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return new OdooConnectionError(`the TLS handshake with ${url} failed (${code}); the server may speak plain http: check the scheme of target.url in pmap.yaml`, url);
    default:
      return new OdooConnectionError(`the call to Odoo at ${url} failed: ${detail}${code ? ` (${code})` : ''}`, url);
  }
}

/** Builds the error for an HTTP status other than 200, keeping the status and any Retry-After for the retry policy. */
export function httpStatusError(url: string, status: number, retryAfter: string | null | undefined, hint: string): OdooConnectionError {
  const seconds = retryAfter === null || retryAfter === undefined ? Number.NaN : Number(retryAfter);
  return new OdooConnectionError(`Odoo at ${url} responded with HTTP ${status}; ${hint}`, url, {
    httpStatus: status,
    ...(Number.isFinite(seconds) ? { retryAfterSeconds: seconds } : {}),
  });
}

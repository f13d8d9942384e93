export type PegaDxErrorKind =
  | 'invalid-option'
  | 'closed'
  | 'unknown-table'
  | 'no-data-view'
  | 'unknown-key'
  | 'authentication-failed'
  | 'access-denied'
  | 'not-found'
  | 'rate-limited'
  | 'server-error'
  | 'request-rejected'
  | 'connection-refused'
  | 'host-not-found'
  | 'connection-lost'
  | 'network-error'
  | 'timed-out'
  | 'invalid-response'
  | 'data-changed'
  | 'row-limit'
  | 'incomplete-history'
  | 'null-key'
  | 'duplicate-key'
  | 'key-order'
  | 'invalid-value';

/**
 * A failure to read Pega through the DX API. The message names the URL path,
 * data view or table involved (never the client secret or a token) and what
 * to do about it.
 */
export class PegaDxError extends Error {
  override readonly name = 'PegaDxError';

  constructor(
    readonly kind: PegaDxErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Extracts Pega's own error text from a response body: the `errors[].message`
 * of DX API v1, the `errorDetails[].localizedValue` or `message` of v2, the
 * `error_description` of the OAuth 2.0 token endpoint, else the start of the body.
 */
export function pegaErrorText(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return excerpt(body);
  }
  if (typeof parsed !== 'object' || parsed === null) return excerpt(body);
  const value = parsed as {
    errors?: Array<{ ID?: string; message?: string }>;
    errorClassification?: string;
    localizedValue?: string;
    errorDetails?: Array<{ message?: string; localizedValue?: string; errorCode?: string }>;
    error?: string;
    error_description?: string;
  };

  if (Array.isArray(value.errors) && value.errors.length > 0) {
    return value.errors.map((error) => [error.ID, error.message].filter(Boolean).join(': ')).join('; ');
  }
  if (Array.isArray(value.errorDetails) && value.errorDetails.length > 0) {
    return value.errorDetails.map((detail) => detail.localizedValue ?? detail.message ?? detail.errorCode ?? '').filter(Boolean).join('; ');
  }
  if (value.localizedValue ?? value.errorClassification) return String(value.localizedValue ?? value.errorClassification);
  if (value.error !== undefined) return value.error_description ? `${value.error}: ${value.error_description}` : value.error;
  return excerpt(body);
}

/** Returns the first line of a body, cut at 200 characters, for a message. */
export function excerpt(body: string): string {
  const firstLine = body.trim().split('\n')[0] ?? '';
  return firstLine.length > 200 ? `${firstLine.slice(0, 200)}...` : firstLine;
}

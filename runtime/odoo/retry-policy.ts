import { OdooConnectionError, OdooFault } from './odoo-errors.js';

/** How often and how long the client waits before calling again after a transient failure. */
export interface RetryPolicy {
  /** Calls after the first one; 0 turns retrying off. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 5, baseDelayMs: 250, maxDelayMs: 15_000 };

/**
 * Methods whose second call after a lost response could do the work twice.
 * pmap never calls them again when it cannot know whether the first call
 * committed.
 */
const notRepeatable = new Set(['create', 'unlink', 'load']);

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly delayMs?: number };

/**
 * Decides whether a failed call may be sent again. Safe to repeat: calls Odoo
 * rolled back (a serialization failure after Odoo's own retries), and calls
 * a proxy turned away before Odoo saw them (HTTP 429 and 503, honouring
 * Retry-After). A lost connection or a 502/504 leaves the outcome unknown, so
 * only reads and writes of fixed values are repeated then.
 */
export function retryDecision(error: unknown, method: string): RetryDecision {
  if (error instanceof OdooFault) {
    return { retry: error.faultCode === 1 && error.faultString.includes('could not serialize access due to concurrent update') };
  }
  if (!(error instanceof OdooConnectionError)) return { retry: false };

  // A refused connection (a server restarting) never reached Odoo.
  if (error.notSent) return { retry: true };
  if (error.httpStatus === 429 || error.httpStatus === 503) {
    return error.retryAfterSeconds !== undefined ? { retry: true, delayMs: error.retryAfterSeconds * 1000 } : { retry: true };
  }
  const outcomeUnknown = error.httpStatus === 502 || error.httpStatus === 504 || error.transient;
  return { retry: outcomeUnknown && !notRepeatable.has(method) };
}

/** Exponential backoff with full jitter, capped. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

import { connectionProblem, postgresErrorCode, type ServerLabel } from '../postgres-errors.js';
/** Errors of Pega schema discovery, with messages that name the server or schema and the fix. */

export type PegaDiscoveryErrorKind =
  | 'invalid-option'
  | 'connection-refused'
  | 'host-not-found'
  | 'connect-timeout'
  | 'connection-lost'
  | 'authentication-failed'
  | 'database-not-found'
  | 'schema-not-found'
  | 'no-tables'
  | 'permission-denied'
  | 'query-failed';

/**
 * A failure to discover the Pega schema. The message names the server
 * (host:port, database and user, never the password) or the schema, and the
 * action to take.
 */
export class PegaDiscoveryError extends Error {
  override readonly name = 'PegaDiscoveryError';

  constructor(
    readonly kind: PegaDiscoveryErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type { ServerLabel } from '../postgres-errors.js';

/**
 * Converts a pg or socket error to a PegaDiscoveryError. `activity` describes
 * what discovery was doing, for example `reading table data.pc_work`.
 */
export function toDiscoveryError(error: unknown, server: ServerLabel, activity: string): PegaDiscoveryError {
  if (error instanceof PegaDiscoveryError) {
    return error;
  }

  const reason = error instanceof Error ? error.message : String(error);
  const make = (kind: PegaDiscoveryErrorKind, message: string): PegaDiscoveryError => new PegaDiscoveryError(kind, message, { cause: error });

  const problem = connectionProblem(error, server, activity, 'run discovery again');
  if (problem) return make(problem.kind, problem.message);

  switch (postgresErrorCode(error)) {
    case '42501':
      return make('permission-denied', `user "${server.user}" was denied access while ${activity}: ${reason}; grant it USAGE on the schema and SELECT on its tables, or leave that schema out`);
  }

  return make('query-failed', `discovery failed while ${activity} in database "${server.database}" at ${server.address}: ${reason}`);
}

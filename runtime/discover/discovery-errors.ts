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

/** Server address, database and user of a connection, for messages. It never contains the password. */
export interface ServerLabel {
  readonly address: string;
  readonly database: string;
  readonly user: string;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    return code;
  }
  // Node reports a failed connection to a host with several addresses as an AggregateError.
  if (Array.isArray(errors)) {
    return errorCode(errors[0]);
  }
  return undefined;
}

/**
 * Converts a pg or socket error to a PegaDiscoveryError. `activity` describes
 * what discovery was doing, for example `reading table data.pc_work`.
 */
export function toDiscoveryError(error: unknown, server: ServerLabel, activity: string): PegaDiscoveryError {
  if (error instanceof PegaDiscoveryError) {
    return error;
  }

  const reason = error instanceof Error ? error.message : String(error);
  const at = `PostgreSQL at ${server.address}`;
  const make = (kind: PegaDiscoveryErrorKind, message: string): PegaDiscoveryError => new PegaDiscoveryError(kind, message, { cause: error });

  switch (errorCode(error)) {
    case 'ECONNREFUSED':
      return make('connection-refused', `connection to ${at} was refused; check that the server is running and that the host and port in the connection string are right`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make('host-not-found', `the host of ${at} was not found; check the host name in the connection string`);
    case 'ETIMEDOUT':
      return make('connect-timeout', `connecting to ${at} timed out; check the host, the port and any firewall in between`);
    case 'ECONNRESET':
    case '57P01':
    case '08006':
      return make('connection-lost', `the connection to ${at} was lost while ${activity} (${reason}); run discovery again`);
    case '28P01':
    case '28000':
      return make('authentication-failed', `${at} rejected user "${server.user}": ${reason}; check the user name and password in the connection string`);
    case '3D000':
      return make('database-not-found', `database "${server.database}" does not exist on ${at}; check the database name in the connection string`);
    case '42501':
      return make('permission-denied', `user "${server.user}" was denied access while ${activity}: ${reason}; grant it USAGE on the schema and SELECT on its tables, or leave that schema out`);
  }

  if (reason === 'timeout expired') {
    return make('connect-timeout', `connecting to ${at} timed out; check the host, the port and any firewall in between`);
  }
  if (reason.startsWith('Connection terminated')) {
    return make('connection-lost', `the connection to ${at} was lost while ${activity}; run discovery again`);
  }
  return make('query-failed', `discovery failed while ${activity} in database "${server.database}" at ${server.address}: ${reason}`);
}

/** Server address, database and user of a connection, for messages. It never contains the password. */
export interface ServerLabel {
  readonly address: string;
  readonly database: string;
  readonly user: string;
}

/** Problems with reaching PostgreSQL or logging in, as opposed to problems of one query. */
export type ConnectionProblemKind =
  | 'connection-refused'
  | 'host-not-found'
  | 'connect-timeout'
  | 'connection-lost'
  | 'authentication-failed'
  | 'database-not-found';

/** Returns the SQLSTATE or socket error code of a pg or Node error. */
export function postgresErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // Node reports a failed connection to a host with several addresses as an AggregateError.
  if (Array.isArray(errors)) return postgresErrorCode(errors[0]);
  return undefined;
}

/**
 * Describes a connection-level failure with what to check, or returns
 * undefined for an error of the query itself. `activity` describes what
 * was going on (`reading data.pc_work`), `retry` what to run again.
 */
export function connectionProblem(
  error: unknown,
  server: ServerLabel,
  activity: string,
  retry: string,
): { kind: ConnectionProblemKind; message: string } | undefined {
  const reason = error instanceof Error ? error.message : String(error);
  const at = `PostgreSQL at ${server.address}`;
  const timedOut = { kind: 'connect-timeout' as const, message: `connecting to ${at} timed out; check the host, the port and any firewall in between` };

  switch (postgresErrorCode(error)) {
    case 'ECONNREFUSED':
      return { kind: 'connection-refused', message: `connection to ${at} was refused; check that the server is running and that the host and port in the connection string are right` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'host-not-found', message: `the host of ${at} was not found; check the host name in the connection string` };
    case 'ETIMEDOUT':
      return timedOut;
    case 'ECONNRESET':
    case '57P01':
    case '08006':
      return { kind: 'connection-lost', message: `the connection to ${at} was lost while ${activity} (${reason}); ${retry}` };
    case '28P01':
    case '28000':
      return { kind: 'authentication-failed', message: `${at} rejected user "${server.user}": ${reason}; check the user name and password in the connection string` };
    case '3D000':
      return { kind: 'database-not-found', message: `database "${server.database}" does not exist on ${at}; check the database name in the connection string` };
  }
  if (reason === 'timeout expired') return timedOut;
  if (reason.startsWith('Connection terminated')) return { kind: 'connection-lost', message: `the connection to ${at} was lost while ${activity}; ${retry}` };
  return undefined;
}

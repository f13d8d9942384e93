import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * Connections the socket server accepts at once. A further connection gets the
 * text "Too many connections" instead of a PostgreSQL message, so the limit
 * is well above the one connection per table read that pmap apply opens.
 */
const MAX_CONNECTIONS = 8;

export interface PgliteServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. PGlite ignores the user and password. */
  readonly connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts an in-memory PGlite (PostgreSQL compiled to WebAssembly) and serves
 * it over TCP on 127.0.0.1 at a free port, so that the `pg` driver, and with
 * it pmap's PostgreSQL source, reaches it like a real server.
 *
 * NOTE: PGlite is one PostgreSQL session shared by every connection. While
 * one connection has a transaction open, statements of the others wait until
 * it ends, so a client must not wait on a second connection inside a transaction.
 */
export async function startPgliteServer(): Promise<PgliteServer> {
  const db = new PGlite();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }

  return {
    connectionString: `postgres://postgres@${server.getServerConn()}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

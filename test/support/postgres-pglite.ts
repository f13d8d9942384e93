/**
 * One in-process PGlite per test process, served over TCP on 127.0.0.1 by
 * pglite-socket so tests reach it through the `pg` driver like a real server.
 *
 * What PGlite 0.5.14 behind pglite-socket 0.2.17 cannot do, as seen in tests:
 * - It is one PostgreSQL session. The socket server multiplexes its
 *   connections onto it, so session settings (plain SET) and temporary tables
 *   are shared by all connections, and while one connection has a transaction
 *   open, statements of the others wait until it ends. Tests must not wait on a
 *   second connection while a first one is inside a transaction.
 * - The user, password and database of a connection are ignored: everyone is
 *   `postgres` in database `postgres`. CREATE DATABASE runs, but no client can
 *   connect to the new database, so each test gets a schema instead.
 * - statement_timeout is accepted but not enforced.
 * - It runs PostgreSQL 18, not the 15 that CI's server runs.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * Connections the socket server accepts at once. A further connection gets the
 * text "Too many connections" instead of a PostgreSQL message, so the limit is
 * set well above what a test file opens.
 */
const MAX_CONNECTIONS = 32;

export interface PgliteServer {
  readonly connectionString: string;
  readonly version: string;
}

let running: { server: PGLiteSocketServer; db: PGlite; started: Promise<PgliteServer> } | undefined;

/** Starts PGlite and its socket server on a free port, once per process. */
export function startPglite(): Promise<PgliteServer> {
  if (running === undefined) {
    const db = new PGlite();
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
    const started = (async () => {
      await server.start();
      const version = await db.query<{ version: string }>('SELECT version()');
      return {
        connectionString: `postgres://postgres@${server.getServerConn()}/postgres`,
        // The full text goes on with compiler details: keep "PostgreSQL 18.6 (PGlite 0.5.14)".
        version: (version.rows[0]?.version ?? 'unknown version').split(' on ')[0]!,
      };
    })();
    running = { server, db, started };
  }
  return running.started;
}

/** Stops the socket server and PGlite if this process started them. */
export async function stopPglite(): Promise<void> {
  if (running === undefined) {
    return;
  }
  const { server, db, started } = running;
  running = undefined;

  await started.catch(() => undefined);
  await server.stop();
  await db.close();
}

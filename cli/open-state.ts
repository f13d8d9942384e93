import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ProjectConfig } from '../compiler/project-config.js';
import { SqliteStateStore } from '../runtime/state/sqlite-state-store.js';
import type { LockHolder, StateStore } from '../runtime/state/state-store.js';
import { UserError } from './user-error.js';

/** The state file of a project whose pmap.yaml sets no `state`. */
export const STATE_FILE = join('.pmap', 'state.db');

/** Opens the state store that pmap.yaml names (a SQLite file in `.pmap/` by default). */
export async function openStateStore(directory: string, config: ProjectConfig, environment: NodeJS.ProcessEnv): Promise<StateStore> {
  if (config.state.kind === 'sqlite') return SqliteStateStore.open(join(directory, STATE_FILE));

  const connectionString = environment[config.state.urlEnv];
  if (!connectionString) {
    throw new UserError(`the environment variable ${config.state.urlEnv} is not set; it must contain the URL of the PostgreSQL database that keeps pmap's state, as state.url_env in pmap.yaml says`);
  }
  const { PostgresStateStore } = await import('../runtime/state/postgres-state-store.js');
  return PostgresStateStore.open(connectionString, config.state.schema);
}

/** Returns the user a run is recorded under: `user@host`. */
export function runUser(): string {
  let name = process.env.USER ?? 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // Some containers have no passwd entry for the uid; the variable is the best guess.
  }
  return `${name}@${hostname()}`;
}

/**
 * Runs `work` while holding the state lock, so two applies or rollbacks
 * never write to one project at once. The lock is released afterwards,
 * also when `work` fails.
 */
export async function withStateLock<T>(store: StateStore, command: string, work: (holder: LockHolder) => Promise<T>): Promise<T> {
  const holder: LockHolder = {
    lockId: randomBytes(4).toString('hex'),
    holder: runUser(),
    host: hostname(),
    pid: process.pid,
    since: new Date().toISOString(),
    command,
  };
  await store.acquireLock(holder);
  try {
    return await work(holder);
  } finally {
    await store.releaseLock(holder.lockId);
  }
}

import { hostname } from 'node:os';
import type { LockHolder } from './state-store.js';

/**
 * Tells whether a lock was left by a process of this machine that no longer
 * runs. A lock from another host can't be checked from here, so it is taken
 * as alive and only `pmap force-unlock` releases it.
 */
export function isLocalProcessGone(lock: LockHolder): boolean {
  if (lock.host !== hostname()) return false;
  try {
    process.kill(lock.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

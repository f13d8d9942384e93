import { loadProjectConfigOnly } from '../../compiler/load-project.js';
import type { ProjectConfig } from '../../compiler/project-config.js';
import { isLocalProcessGone } from '../../runtime/state/process-alive.js';
import { openStateStore } from '../open-state.js';
import { UserError } from '../user-error.js';

function projectConfig(directory: string): ProjectConfig {
  const { config, diagnostics } = loadProjectConfigOnly(directory);
  if (!config) throw new UserError(diagnostics.map((diagnostic) => diagnostic.message).join('\n') || `cannot read ${directory}/pmap.yaml`);
  return config;
}

/** `pmap force-unlock ID`: removes a lock that a process which no longer runs left in the state. */
export async function runForceUnlock(directory: string, lockId: string): Promise<number> {
  const store = await openStateStore(directory, projectConfig(directory), process.env);
  try {
    const removed = await store.forceUnlock(lockId);
    if (!removed) {
      const current = await store.currentLock();
      throw new UserError(current ? `the state lock has id ${current.lockId}, not ${lockId}; check the id in the message of the command that was refused` : 'the state is not locked; nothing to release');
    }
    process.stdout.write(`Released the lock of pmap ${removed.command} by ${removed.holder} (process ${removed.pid}, since ${removed.since}).\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** `pmap runs`: lists the runs the state records, oldest first. */
export async function runListRuns(directory: string): Promise<number> {
  const store = await openStateStore(directory, projectConfig(directory), process.env);
  try {
    const runs = await store.runs();
    if (runs.length === 0) {
      process.stdout.write('No runs yet: `pmap apply` records one.\n');
      return 0;
    }
    process.stdout.write('Run  Kind      Status       Started                   Finished                  By / target\n');
    for (const run of runs) {
      process.stdout.write(`${String(run.id).padStart(3)}  ${run.kind.padEnd(8)}  ${run.status.padEnd(11)}  ${run.startedAt.padEnd(24)}  ${(run.finishedAt ?? '-').padEnd(24)}  ${run.user} -> ${run.target}\n`);
    }
    const lock = await store.currentLock();
    if (lock) {
      const gone = isLocalProcessGone(lock) ? ' That process is gone, so the next apply or rollback takes the lock over.' : '';
      process.stdout.write(`\nLocked by pmap ${lock.command} of ${lock.holder} (process ${lock.pid}) since ${lock.since}, lock id ${lock.lockId}.${gone}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

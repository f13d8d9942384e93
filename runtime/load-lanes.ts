import type { OdooClient } from './odoo/odoo-client.js';

/** The most Odoo connections one apply opens; `options.concurrency` and `--concurrency` are checked against it. */
export const MAX_CONCURRENCY = 8;

/**
 * Runs batch loads on a fixed set of Odoo connections, one lane per
 * connection. A lane runs its jobs one after another in the order they were
 * queued, so jobs queued on one lane never overlap, whichever phase queued
 * them. Sharding relies on this: records that share a contended parent
 * always go to the same lane.
 */
export class LoadLanes {
  private readonly tails: Promise<void>[];

  private constructor(private readonly clients: readonly OdooClient[]) {
    this.tails = clients.map(() => Promise.resolve());
  }

  /** One lane on the given client: every job runs after the one before, as without concurrency. */
  static single(client: OdooClient): LoadLanes {
    return new LoadLanes([client]);
  }

  /** Opens `count` lanes: the first uses `client`, the others log in again with the same settings. */
  static async open(client: OdooClient, count: number): Promise<LoadLanes> {
    const clones = await Promise.all(Array.from({ length: count - 1 }, () => client.clone()));
    return new LoadLanes([client, ...clones]);
  }

  get size(): number {
    return this.clients.length;
  }

  /** Queues a job on one lane; it starts once the lane's earlier jobs have ended. */
  run<T>(lane: number, job: (client: OdooClient) => Promise<T>): Promise<T> {
    const result = this.tails[lane]!.then(() => job(this.clients[lane]!));
    this.tails[lane] = settled(result);
    return result;
  }

  /**
   * Queues a job that runs alone: it starts once every lane's earlier jobs
   * have ended, and every lane's later jobs wait for it.
   */
  runExclusive<T>(job: (client: OdooClient) => Promise<T>): Promise<T> {
    const result = Promise.all(this.tails).then(() => job(this.clients[0]!));
    const after = settled(result);
    this.tails.fill(after);
    return result;
  }
}

/** Returns a promise that resolves once `promise` settles, whether it resolves or rejects. */
function settled(promise: Promise<unknown>): Promise<void> {
  return promise.then(
    () => undefined,
    () => undefined,
  );
}

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchPipeline } from '../../runtime/batch-pipeline.js';
import type { CheckpointMark } from '../../runtime/checkpoint-watermark.js';
import { LoadLanes } from '../../runtime/load-lanes.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { SeededRandom } from '../fixtures/seeded-random.js';

interface TestRecord {
  readonly key: string;
  readonly index: number;
  readonly lane: number | 'exclusive';
  /** Source rows read up to this record; every other row is a reject that never reaches the pipeline. */
  readonly row: number;
}

/** Gives lane 0 most records and lane 2 few, and makes every 23rd record load alone. */
function laneFor(index: number): TestRecord['lane'] {
  if (index % 23 === 22) return 'exclusive';
  if (index % 5 === 0) return 2;
  if (index % 3 === 0) return 1;
  return 0;
}

const RECORDS: TestRecord[] = Array.from({ length: 90 }, (_, index) => ({
  key: `K${String(index).padStart(3, '0')}`,
  index,
  lane: laneFor(index),
  row: index * 2 + 2,
}));

describe('batch pipeline on three lanes', () => {
  let sandbox: Sandbox;
  let lanes: LoadLanes;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: 'pipeline' });
    const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'pipeline' });
    lanes = await LoadLanes.open(client, 3);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  /** Runs the records through a pipeline whose batches take random times; `failOn` makes the batch holding that key throw. */
  async function runPipeline(seed: number, failOn?: string) {
    const random = new SeededRandom(seed);
    const committed = new Set<number>();
    const marks: CheckpointMark[] = [];
    const problems: string[] = [];
    const busyClients = new Set<OdooClient>();
    let exclusiveOverlaps = 0;
    let mostAtOnce = 0;

    const pipeline = new BatchPipeline<TestRecord>({
      lanes,
      batchSize: 4,
      laneOf: (record) => record.lane,
      load: async (batch, client) => {
        if (busyClients.has(client)) problems.push(`two batches at once on one connection, one with ${batch[0]!.key}`);
        if (batch.some((record) => record.lane === 'exclusive') && busyClients.size > 0) exclusiveOverlaps += 1;
        busyClients.add(client);
        mostAtOnce = Math.max(mostAtOnce, busyClients.size);
        await sleep(1 + Math.floor(random.next() * 8));
        busyClients.delete(client);
        if (failOn && batch.some((record) => record.key === failOn)) throw new Error(`batch with ${failOn} failed`);
        for (const record of batch) committed.add(record.index);
      },
      committed: async (mark) => {
        if (!mark) return;
        marks.push(mark);
        // Every record up to the checkpoint's key is committed, and its row count stops before the first record that is not.
        const covered = mark.lastKey === null ? -1 : RECORDS.findIndex((record) => record.key === mark.lastKey);
        for (let index = 0; index <= covered; index += 1) if (!committed.has(index)) problems.push(`checkpoint ${mark.lastKey} passes uncommitted ${RECORDS[index]!.key}`);
        const firstOpen = RECORDS.find((record) => !committed.has(record.index));
        if (firstOpen && mark.rows >= firstOpen.row) problems.push(`checkpoint rows ${mark.rows} reach uncommitted ${firstOpen.key}`);
      },
    });

    let error: unknown;
    try {
      for (const record of RECORDS) await pipeline.add(record, record.row);
      await pipeline.finish(RECORDS.at(-1)!.row + 1);
    } catch (caught) {
      error = caught;
    }
    return { committed, marks, problems, error, exclusiveOverlaps, mostAtOnce };
  }

  it('checkpoints only below committed batches', async () => {
    const run = await runPipeline(1);

    expect(run.error).toBeUndefined();
    expect(run.problems).toEqual([]);
    expect(run.committed.size).toBe(RECORDS.length);
    expect(run.mostAtOnce).toBeGreaterThan(1);
    expect(run.exclusiveOverlaps).toBe(0);
    expect(run.marks.map((mark) => mark.rows)).toEqual([...run.marks.map((mark) => mark.rows)].sort((a, b) => a - b));
    expect(run.marks.at(-1)).toEqual({ lastKey: 'K089', rows: 181 });
  });

  it('stops at a failed batch and keeps the checkpoint below it', async () => {
    const run = await runPipeline(2, 'K040');

    expect((run.error as Error).message).toBe('batch with K040 failed');
    expect(run.problems).toEqual([]);
    expect(run.committed.has(40)).toBe(false);
    expect(run.marks.every((mark) => mark.lastKey === null || mark.lastKey < 'K040')).toBe(true);
    expect(run.committed.size).toBeLessThan(RECORDS.length);
  });
});

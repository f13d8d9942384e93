import { CheckpointWatermark, type CheckpointMark } from './checkpoint-watermark.js';
import type { LoadLanes } from './load-lanes.js';
import type { OdooClient } from './odoo/odoo-client.js';

/** A record waiting in a lane's buffer, with where it stood in the source. */
interface QueuedRecord<R> {
  readonly record: R;
  /** Position among the records added, from 0. */
  readonly order: number;
  /** Source rows read up to and including this record. */
  readonly row: number;
  /** Key of the record added just before this one; null for the first. */
  readonly previousKey: string | null;
}

export interface BatchPipelineOptions<R> {
  readonly lanes: LoadLanes;
  readonly batchSize: number;
  /** The lane a record loads on, or `exclusive` for a record that must load while no other batch does. */
  laneOf(record: R): number | 'exclusive';
  /** Loads one batch on the lane's client; `sequence` numbers the phase's batches in the order they were sent. */
  load(batch: readonly R[], client: OdooClient, sequence: number): Promise<void>;
  /**
   * Called after each committed batch, with the checkpoint to save when it
   * moved. An error thrown here stops the phase like a failed batch.
   */
  committed(mark: CheckpointMark | undefined): Promise<void>;
}

/**
 * Groups a phase's records into batches per lane and loads up to one batch
 * per lane at a time. With one lane it behaves as a plain loop: a batch is
 * sent when it is full and loaded before the next record is read.
 *
 * After a failure (or an interruption thrown by `committed`), batches that
 * have not started are dropped, those running end, and `add` or `finish`
 * throws the first error. Dropped records were never sent, and the
 * checkpoint stays below them.
 */
export class BatchPipeline<R extends { readonly key: string }> {
  /** One buffer per lane, and a last one for records that load alone. */
  private readonly buffers: QueuedRecord<R>[][];
  private readonly outstanding = new Set<Promise<void>>();
  private readonly watermark = new CheckpointWatermark();
  private failure: { readonly error: unknown } | undefined;
  private added = 0;
  private lastKey: string | null = null;
  /**
   * Records added after a buffer's oldest record before that buffer is sent
   * anyway, part full. This bounds memory and how far the checkpoint lags
   * when one lane receives few records. With one lane a full batch is always
   * sent first.
   */
  private readonly maxAge: number;

  constructor(private readonly options: BatchPipelineOptions<R>) {
    this.buffers = Array.from({ length: options.lanes.size + 1 }, () => []);
    this.maxAge = options.batchSize * options.lanes.size * 2;
  }

  /** Adds a record; `rows` counts the source rows read so far. Waits while every lane is busy. */
  async add(record: R, rows: number): Promise<void> {
    const lane = this.options.laneOf(record);
    const index = lane === 'exclusive' ? this.options.lanes.size : lane;
    this.buffers[index]!.push({ record, order: this.added, row: rows, previousKey: this.lastKey });
    this.added += 1;
    this.lastKey = record.key;

    if (this.buffers[index]!.length >= this.options.batchSize) this.send(index, rows);
    for (let stale = this.oldestBuffer(); stale !== undefined && this.added - this.buffers[stale]![0]!.order > this.maxAge; stale = this.oldestBuffer()) {
      this.send(stale, rows);
    }
    while (this.outstanding.size >= this.options.lanes.size) await Promise.race(this.outstanding);
    await this.throwIfFailed();
  }

  /** Sends what the buffers hold, oldest first, and waits for every batch; `rows` counts every source row read. */
  async finish(rows: number): Promise<void> {
    for (let oldest = this.oldestBuffer(); oldest !== undefined && !this.failure; oldest = this.oldestBuffer()) this.send(oldest, rows);
    await Promise.all(this.outstanding);
    await this.throwIfFailed();
  }

  private async throwIfFailed(): Promise<void> {
    if (!this.failure) return;
    await Promise.all(this.outstanding);
    throw this.failure.error;
  }

  /** Returns the index of the buffer with the oldest record, or undefined when all are empty. */
  private oldestBuffer(): number | undefined {
    let oldest: number | undefined;
    for (let index = 0; index < this.buffers.length; index += 1) {
      const first = this.buffers[index]![0];
      if (first && (oldest === undefined || first.order < this.buffers[oldest]![0]!.order)) oldest = index;
    }
    return oldest;
  }

  /**
   * Computes the checkpoint for when every batch sent so far is committed:
   * just before the oldest record still in a buffer, or the last record added.
   */
  private markBelowBuffers(rows: number): CheckpointMark {
    const oldest = this.oldestBuffer();
    if (oldest === undefined) return { lastKey: this.lastKey, rows };
    const first = this.buffers[oldest]![0]!;
    return { lastKey: first.previousKey, rows: first.row - 1 };
  }

  private send(index: number, rows: number): void {
    const batch = this.buffers[index]!.map((queued) => queued.record);
    this.buffers[index] = [];
    const sequence = this.watermark.add(this.markBelowBuffers(rows));

    const job = async (client: OdooClient) => {
      if (this.failure) return;
      await this.options.load(batch, client, sequence);
      await this.options.committed(this.watermark.commit(sequence));
    };
    const { lanes } = this.options;
    const running = index < lanes.size ? lanes.run(index, job) : lanes.runExclusive(job);
    const tracked: Promise<void> = running
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.outstanding.delete(tracked));
    this.outstanding.add(tracked);
  }
}

/** A checkpoint a phase may save: the key of a record, and the source rows read up to it. */
export interface CheckpointMark {
  readonly lastKey: string | null;
  readonly rows: number;
}

/**
 * Tracks which batches of a phase are committed when they commit out of
 * order. Each batch gets a sequence number when it is sent, with the mark
 * below which every record was in it or in an earlier batch. The checkpoint
 * moves to a batch's mark only once that batch and every earlier batch are
 * committed, so it never passes a record that is not in Odoo yet.
 */
export class CheckpointWatermark {
  private readonly marks = new Map<number, { readonly mark: CheckpointMark; committed: boolean }>();
  private sent = 0;
  /** The lowest sequence number not yet committed. */
  private next = 0;

  /** Registers a batch about to be sent; returns its sequence number. */
  add(mark: CheckpointMark): number {
    this.marks.set(this.sent, { mark, committed: false });
    this.sent += 1;
    return this.sent - 1;
  }

  /** Records a committed batch; returns the mark the checkpoint moves to, or undefined when an earlier batch is still open. */
  commit(sequence: number): CheckpointMark | undefined {
    const entry = this.marks.get(sequence);
    if (!entry) throw new Error(`internal error in pmap: batch ${sequence} was committed twice or never sent`);
    entry.committed = true;

    let reached: CheckpointMark | undefined;
    for (let open = this.marks.get(this.next); open?.committed; open = this.marks.get(this.next)) {
      reached = open.mark;
      this.marks.delete(this.next);
      this.next += 1;
    }
    return reached;
  }
}

/**
 * One lock per Odoo model around the journaled part of a create call: from
 * reading the model's highest id, through the call, until its ids are in the
 * journal. Lanes still read, compare, write and add external ids in
 * parallel; only create calls of one model take turns.
 *
 * Why: when the response to a create is lost, pmap finds the records it made as the
 * records above the highest id read before the call, by pmap's user, that
 * have no external id yet. That holds only if no other create of the model
 * runs in that window. With the lock, every create that started earlier has
 * its ids in the journal and below the window, and none starts before the
 * lost one is resolved. Matching the orphans by their values instead would
 * fail on records with equal values, and the journal keeps only hashes of
 * the values for a recovery after a kill. Matching them by id order would
 * fail too, because PostgreSQL hands out the ids of two concurrent inserts
 * interleaved. And on a real Odoo 16, parallel creates of crm.lead were
 * slower than serial ones.
 *
 * NOTE: a create that makes records of another model as a side effect (a
 * res.users create makes its res.partner) is not locked under that other
 * model, so a plan that loads both models in parallel phases can still
 * confuse a recovery there; it then stops with "cannot tell which records".
 */
export class CreateLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once no earlier work for `model` is running. */
  run<T>(model: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(model) ?? Promise.resolve()).then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(model, tail);
    // Drops the entry once nothing waits on it, so the map holds only models with a create in progress.
    void tail.then(() => {
      if (this.tails.get(model) === tail) this.tails.delete(model);
    });
    return result;
  }
}

/**
 * Gathers what is asked for during one turn of the event loop and hands it to `run` in one call once
 * that turn's I/O callbacks have run (setImmediate), so a busy node pays one round trip to Redis or
 * PostgreSQL for the requests that arrived together instead of one each. A caller waits at most for
 * the end of the turn; each gets the answer at its own position, or the batch's error.
 *
 * @example
 * const rows = new TurnBatch((ids: string[]) => fetchRowsInOrder(ids));
 * const row = await rows.add(id);
 */
export class TurnBatch<I, O> {
  private queued: Array<{ item: I; resolve: (out: O) => void; reject: (err: unknown) => void }> = [];

  /** `run` answers one output per item, in the items' order. */
  constructor(private readonly run: (items: I[]) => Promise<O[]>) {}

  add(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => void this.send());
    });
  }

  private async send(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    try {
      const out = await this.run(batch.map((b) => b.item));
      for (let i = 0; i < batch.length; i++) batch[i]!.resolve(out[i]!);
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }
}

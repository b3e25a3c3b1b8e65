/**
 * Group commit for small queries made by many concurrent jobs. Calls made while a batch is being
 * run are collected, and run together as the next batch, in one round trip (one statement, one
 * commit): sixteen workers each marking one message sent become one UPDATE of sixteen rows. A
 * call resolves only once its batch has run, so a caller that awaits it knows its write is
 * committed, exactly as with a query of its own; a failed batch rejects every call in it (each
 * job then retries as it would have alone).
 *
 * Batches run one at a time per Batcher, which is what makes them grow under load; when idle, a
 * call waits at most one event-loop turn (setImmediate) for company, and calls that arrived while a
 * batch ran go as the next batch as soon as it ends.
 */
export class Batcher<I, O> {
  private queue: { input: I; resolve(o: O): void; reject(err: unknown): void }[] = [];
  private running = false;
  private scheduled = false;

  /** `run` gets the inputs of a batch and returns one output per input, in the same order. */
  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 200,
  ) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled || !this.queue.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running || !this.queue.length) return;
    this.running = true;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      const outputs = await this.run(batch.map((b) => b.input));
      if (outputs.length !== batch.length) throw new Error(`a batch of ${batch.length} returned ${outputs.length} results`);
      batch.forEach((b, i) => b.resolve(outputs[i]));
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      this.running = false;
      // Calls that came while this batch ran have waited a whole batch already: they go at once,
      // without the event-loop turn an idle call waits for company.
      if (this.queue.length) void this.flush();
    }
  }
}

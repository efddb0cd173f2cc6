/**
 * Sends answers in batches without adding latency: while one request is on its way to the
 * broker, answers that come in meanwhile queue up and leave together in the next request, as
 * soon as the previous one is acknowledged. A worker with `concurrency` jobs in flight thus
 * needs one broker round trip per batch of answers, not one per answer.
 *
 * Each caller's promise settles with the request that carried its answer: it resolves only once
 * Kafka has acknowledged that answer (so the job's offset may be committed), and rejects when
 * that request failed (the job is answered again by the caller's own retry, or re-delivered).
 */
export class ResultBatcher<M> {
  private queue: { message: M; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private sending = false;

  /**
   * @param send writes `messages` in one request; resolves once they are acknowledged
   * @param maxBatch most answers per request (keeps one request well under the broker's size limit)
   */
  constructor(
    private readonly send: (messages: M[]) => Promise<void>,
    private readonly maxBatch = 500,
  ) {}

  /** Queues `message`; resolves once Kafka has acknowledged it. */
  add(message: M): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      // Answers given in this same turn leave in the first request.
      await Promise.resolve();
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.send(batch.map((b) => b.message));
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}

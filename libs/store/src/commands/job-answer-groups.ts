import { AsyncResource } from 'node:async_hooks';
import { auditScope } from '../audit/audit-scope';

/** One job answer (a completion, failure or BPMN error) waiting for its group. */
export interface QueuedAnswer<A> {
  readonly answer: A;
  /** Runs `fn` in the async context of the request that sent the answer (its audit scope, its trace). */
  readonly inContext: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Resolves the caller's promise. */
  readonly done: () => void;
  /** Rejects the caller's promise with `error`. */
  readonly failed: (error: unknown) => void;
}

/** How a group of answers is run: one alone, or several in one transaction. */
export interface AnswerRunner<A> {
  /** One answer in a transaction of its own, as without grouping. */
  alone(answer: A): Promise<void>;
  /** Several answers in one transaction; settles each of them. */
  together(group: readonly QueuedAnswer<A>[]): Promise<void>;
}

/** @see JobAnswerGroups.maxGroup */
export const DEFAULT_MAX_ANSWER_GROUP = 16;

/** @see JobAnswerGroups.maxInFlight */
export const DEFAULT_ANSWER_GROUPS_IN_FLIGHT = 4;

/**
 * Group commit of job answers (ADR 0034). An answer that arrives while few transactions of
 * answers are under way runs at once, alone, as a command always did. While
 * {@link maxInFlight} of them are under way, answers queue, and each one that ends takes the
 * queue's next answers together into one transaction: one statement locks every job and instance,
 * each command runs, and all their writes go with `COMMIT` in one round trip. So an idle engine
 * answers as before, and under load the round trips, commits and WAL flushes per job drop with
 * the size of the groups the load makes.
 */
export class JobAnswerGroups<A> {
  /**
   * Answers one transaction takes at most: each command is bounded by its step limit, and a
   * group holds the event loop for all of its commands' interpreting.
   */
  maxGroup = DEFAULT_MAX_ANSWER_GROUP;
  /** Transactions of answers under way at once before answers queue for a group. */
  maxInFlight = DEFAULT_ANSWER_GROUPS_IN_FLIGHT;
  private queue: QueuedAnswer<A>[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(private readonly runner: AnswerRunner<A>) {}

  /** Queues `answer`; resolves once its transaction committed. */
  submit(answer: A): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const context = new AsyncResource('osprey.job-answer');
      let settled = false;
      const settle = (settleWith: () => void) => {
        if (settled) return;
        settled = true;
        context.emitDestroy();
        settleWith();
      };
      this.queue.push({
        answer,
        inContext: (fn) => context.runInAsyncScope(fn),
        done: () => settle(resolve),
        failed: (error: unknown) => settle(() => reject(error as Error)),
      });
      this.schedule();
    });
  }

  /** Starts the queue's next groups in the loop's next check phase, when a transaction may start. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // Outside any request's audit scope: a group's transaction belongs to no one request.
    auditScope.exit(() => setImmediate(() => this.flush()));
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const group = this.queue.splice(0, this.maxGroup);
      this.inFlight++;
      void this.run(group).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(group: readonly QueuedAnswer<A>[]): Promise<void> {
    const [only] = group;
    if (group.length === 1) return only!.inContext(() => this.runner.alone(only!.answer)).then(only!.done, only!.failed);
    try {
      await this.runner.together(group);
    } catch (error) {
      // `together` settles each answer itself; this is for an answer it could not reach.
      for (const queued of group) queued.failed(error);
    }
  }
}

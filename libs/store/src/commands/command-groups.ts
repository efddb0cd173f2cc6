import { AsyncResource } from 'node:async_hooks';
import { auditScope } from '../audit/audit-scope';

/** A command (a job answer, a start) waiting for its group, and how to answer its caller. */
export interface QueuedCommand<C, R> {
  readonly command: C;
  /** Runs `fn` in the async context of the request that sent the command (its audit scope, its trace). */
  readonly inContext: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Resolves the caller's promise with `result`. */
  readonly done: (result: R) => void;
  /** Rejects the caller's promise with `error`. */
  readonly failed: (error: unknown) => void;
}

/** How a group of commands is run: one alone, or several in one transaction. */
export interface GroupRunner<C, R> {
  /** One command in a transaction of its own, as without grouping. */
  alone(command: C): Promise<R>;
  /** Several commands in one transaction; settles each of them. */
  together(group: readonly QueuedCommand<C, R>[]): Promise<void>;
}

/** @see CommandGroups.maxGroup */
export const DEFAULT_MAX_GROUP = 16;

/** @see CommandGroups.maxInFlight */
export const DEFAULT_GROUPS_IN_FLIGHT = 4;

/**
 * Group commit (ADR 0034). A command that arrives while few transactions of its kind are under
 * way runs at once, alone, as a command always did. While {@link maxInFlight} of them are under
 * way, commands queue, and each transaction that ends takes the queue's next commands together
 * into one: their reads first, then each command's writes held back and sent with `COMMIT` in one
 * round trip. So an idle engine answers as before, and under load the round trips, commits and
 * WAL flushes per command drop with the size of the groups the load makes.
 */
export class CommandGroups<C, R> {
  /**
   * Commands one transaction takes at most: each is bounded by its step limit, and a group holds
   * the event loop for all of its commands' interpreting.
   */
  maxGroup = DEFAULT_MAX_GROUP;
  /** Transactions of this kind under way at once before commands queue for a group. */
  maxInFlight = DEFAULT_GROUPS_IN_FLIGHT;
  private queue: QueuedCommand<C, R>[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(private readonly runner: GroupRunner<C, R>) {}

  /** Commands waiting for a group's transaction (they wait for the database as pooled commands do). */
  get queued(): number {
    return this.queue.length;
  }

  /** Queues `command`; resolves with its result once its transaction committed. */
  submit(command: C): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const context = new AsyncResource('osprey.command-group');
      let settled = false;
      const settle = (settleWith: () => void) => {
        if (settled) return;
        settled = true;
        context.emitDestroy();
        settleWith();
      };
      this.queue.push({
        command,
        inContext: (fn) => context.runInAsyncScope(fn),
        done: (result: R) => settle(() => resolve(result)),
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

  private async run(group: readonly QueuedCommand<C, R>[]): Promise<void> {
    const [only] = group;
    if (group.length === 1) return only!.inContext(() => this.runner.alone(only!.command)).then(only!.done, only!.failed);
    try {
      await this.runner.together(group);
    } catch (error) {
      // `together` settles each command itself; this is for a command it could not reach.
      for (const queued of group) queued.failed(error);
    }
  }
}

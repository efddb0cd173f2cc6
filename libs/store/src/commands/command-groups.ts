import { AsyncResource } from 'node:async_hooks';
import { auditScope } from '../audit/audit-scope';
import { EngineError, isDatabaseUnavailable } from '../errors';

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

/** What became of one command of a group whose transaction committed. */
export type GroupOutcome<R> = { readonly result: R } | { readonly refused: unknown };

/** How a group of commands is run: one alone, or several in one transaction. */
export interface GroupRunner<C, R> {
  /** One command in a transaction of its own, as without grouping. */
  alone(command: C): Promise<R>;
  /**
   * Several commands in one transaction, each in its request's context. Resolves once it
   * committed (and its after-commit work ran) with each command's outcome, in order; rejects
   * when the transaction failed.
   */
  together(group: readonly QueuedCommand<C, R>[]): Promise<readonly GroupOutcome<R>[]>;
}

/**
 * Whether `error` refuses one command of a group by its own checks (not found, another tenant's,
 * a stale lease), raised before the command wrote anything: that command fails alone.
 */
export function isRefusal(error: unknown): boolean {
  return error instanceof EngineError && !isDatabaseUnavailable(error);
}

/** Commands queued for a group's transaction, and the transactions they will take. */
export interface QueueDepth {
  readonly commands: number;
  readonly transactions: number;
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

  /**
   * Commands waiting for a group's transaction, and the transactions they will take: one per
   * {@link maxGroup} of them. Load shedding counts the transactions, as each waits for one
   * connection: a worker completing 32 jobs at once is two transactions of work, not 32.
   */
  get waiting(): QueueDepth {
    return { commands: this.queue.length, transactions: Math.ceil(this.queue.length / this.maxGroup) };
  }

  /** Queues `command`; resolves with its result once its transaction committed. */
  submit(command: C): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const context = new AsyncResource('osprey.command-group');
      this.queue.push({
        command,
        inContext: (fn) => context.runInAsyncScope(fn),
        done: (result: R) => {
          context.emitDestroy();
          resolve(result);
        },
        failed: (error: unknown) => {
          context.emitDestroy();
          reject(error as Error);
        },
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
    let outcomes: readonly GroupOutcome<R>[];
    try {
      outcomes = await this.runner.together(group);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        for (const queued of group) queued.failed(error);
        return;
      }
      // One command's error as it ran, a write refused at commit, a deadlock: each command runs
      // again alone and gets the answer it would have got without grouping.
      await Promise.all(group.map((q) => q.inContext(() => this.runner.alone(q.command)).then(q.done, q.failed)));
      return;
    }
    for (const [i, queued] of group.entries()) {
      const outcome = outcomes[i]!;
      if ('result' in outcome) queued.done(outcome.result);
      else queued.failed(outcome.refused);
    }
  }
}

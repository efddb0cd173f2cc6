import { EventEmitter } from 'node:events';
import type { EngineRecord } from '@osprey/runtime';
import type { AfterCommit } from './command-pipeline';

/** Job types whose wake-up signals are counted at most (then the count restarts; see jobSignal). */
const MAX_SIGNAL_TYPES = 10_000;

/** One activation's jobs, as the activation statement returned them. */
export interface JobsActivated {
  readonly type: string;
  /** Jobs handed out, first activations and re-activations after a lease ran out. */
  readonly count: number;
  /** For each job activated for the first time: ms from its creation to this activation, on the database clock. */
  readonly firstWaitsMs: readonly number[];
}

/**
 * In-process signals raised after a transaction commits: "jobs of type X became activatable",
 * "instance Y ended". Long-polls and `awaitCompletion` wait on them. They are hints that save
 * latency; the database stays the source of truth and every waiter also polls.
 */
export class EngineEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every waiting long-poll and awaitCompletion listens; hundreds are normal.
    this.emitter.setMaxListeners(0);
  }

  /** Publishes what a committed transaction changed. */
  committed(after: AfterCommit): void {
    for (const type of after.jobTypes) this.jobsAvailable(type);
    if (after.jobTypes.size > 0) this.emitter.emit('job-types', after.jobTypes);
    for (const key of after.endedInstances) this.emitter.emit(`ended:${key}`);
    if (after.records.length > 0) this.emitter.emit('records', after.records);
    if (after.continued.size > 0) this.emitter.emit('continued');
    if (after.outboxRows > 0) this.outboxWritten();
    this.emitter.emit('committed');
  }

  /** A committed transaction wrote Kafka outbox rows (raised by {@link committed}, or by sweeps that write the outbox themselves). */
  outboxWritten(): void {
    this.emitter.emit('outbox');
  }

  /** Calls `listener` after every committed transaction that wrote Kafka outbox rows (the relay's wake-up). */
  onOutbox(listener: () => void): void {
    this.emitter.on('outbox', listener);
  }

  /** Calls `listener` when a committed transaction left an instance work to continue (ADR 0009). */
  onContinued(listener: () => void): void {
    this.emitter.on('continued', listener);
  }

  /** Calls `listener` with the records of every committed transaction, in order (metrics count them). */
  onRecords(listener: (records: readonly EngineRecord[]) => void): void {
    this.emitter.on('records', listener);
  }

  /** Calls `listener` after every committed command (the outbox relay uses it as a wake-up). */
  onCommitted(listener: () => void): void {
    this.emitter.on('committed', listener);
  }

  /**
   * A job lease ran out and that became a fact in a committed transaction: the job was handed
   * out again (REST activation or Kafka re-dispatch), or it became an incident because its
   * lease ran out too often.
   */
  leaseExpired(jobType: string): void {
    this.emitter.emit('lease-expired', jobType);
  }

  /** Calls `listener` with the job type of every {@link leaseExpired}. */
  onLeaseExpired(listener: (jobType: string) => void): void {
    this.emitter.on('lease-expired', listener);
  }

  /** Jobs were activated over REST, in a statement that committed (see {@link JobsActivated}). */
  jobsActivated(activation: JobsActivated): void {
    this.emitter.emit('jobs-activated', activation);
  }

  /** Calls `listener` with every {@link jobsActivated} (metrics count them and their waits). */
  onJobsActivated(listener: (activation: JobsActivated) => void): void {
    this.emitter.on('jobs-activated', listener);
  }

  /** Calls `listener` with the job types that got activatable jobs in a committed transaction of this process. */
  onJobTypes(listener: (types: ReadonlySet<string>) => void): void {
    this.emitter.on('job-types', listener);
  }

  /** Jobs of `type` may be activatable (raised locally or by another replica via NOTIFY). */
  jobsAvailable(type: string): void {
    // Only types someone has waited for are counted, so the map stays as small as the workers' types.
    const seen = this.jobSignals.get(type);
    if (seen !== undefined) this.jobSignals.set(type, seen + 1);
    this.emitter.emit(`job:${type}`);
  }

  /**
   * A counter of {@link jobsAvailable} signals for `type`. A long-poll reads it before querying and
   * compares after an empty answer: a signal raised while the query ran (a job committed just
   * after the query's snapshot) would otherwise be missed until the fallback re-check.
   */
  jobSignal(type: string): number {
    let seen = this.jobSignals.get(type);
    if (seen === undefined) {
      seen = 0;
      if (this.jobSignals.size >= MAX_SIGNAL_TYPES) this.jobSignals.clear();
      this.jobSignals.set(type, seen);
    }
    return seen;
  }

  private readonly jobSignals = new Map<string, number>();

  /** Resolves when `event` fires or after `timeoutMs`, whichever comes first; `true` if it fired. */
  wait(event: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (fired: boolean) => {
        clearTimeout(timer);
        this.emitter.off(event, onEvent);
        signal?.removeEventListener('abort', onAbort);
        resolve(fired);
      };
      const onEvent = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      this.emitter.on(event, onEvent);
      signal?.addEventListener('abort', onAbort);
    });
  }
}

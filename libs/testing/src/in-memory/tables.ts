/**
 * The rows the store keeps for open jobs, timers, subscriptions, user tasks and incidents, and
 * the latest value of every variable, in memory: what {@link InMemoryEngine} reads, kept up
 * to date from the records of every command as the store's record writer keeps its tables.
 */
import type {
  EngineRecord,
  IncidentRecord,
  JobRecord,
  JsonValue,
  MessageSubscriptionRecord,
  SignalSubscriptionRecord,
  TimerRecord,
  UserTaskRecord,
} from '@osprey/runtime';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A job row. `state` — ACTIVATABLE: a worker may take it; FAILED: out of retries (an incident
 * is open); ERROR_THROWN: waiting for the outcome of the error it threw. Not activatable
 * before `activatableAt` (retry back-off).
 */
export type JobRow = Mutable<Omit<JobRecord['value'], 'variables'>> & {
  readonly key: string;
  readonly processInstanceKey: string;
  state: 'ACTIVATABLE' | 'FAILED' | 'ERROR_THROWN';
  activatableAt: number;
};

/** A timer row; `processInstanceKey` is `null` for a timer start event. */
export type TimerRow = TimerRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string | null;
};

/** A message subscription row. */
export type MessageSubscriptionRow = MessageSubscriptionRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string;
};
/** A signal subscription row. */
export type SignalSubscriptionRow = SignalSubscriptionRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string;
};
/** A user task row. */
export type UserTaskRow = UserTaskRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string;
};
/** An incident row. */
export type IncidentRow = IncidentRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string;
};

/** The tables. */
export class InMemoryTables {
  readonly jobs = new Map<string, JobRow>();
  readonly timers = new Map<string, TimerRow>();
  readonly messageSubscriptions = new Map<string, MessageSubscriptionRow>();
  readonly signalSubscriptions = new Map<string, SignalSubscriptionRow>();
  readonly userTasks = new Map<string, UserTaskRow>();
  readonly incidents = new Map<string, IncidentRow>();
  /** Latest value of every variable ever set: scope key → name → value (kept after scopes end). */
  readonly variables = new Map<string, Map<string, JsonValue>>();

  /** Applies one record, at time `now`. */
  apply(r: EngineRecord, now: number): void {
    const pik = r.processInstanceKey;
    switch (r.valueType) {
      case 'JOB':
        return this.applyJob(r, now);
      case 'TIMER':
        if (r.intent === 'CREATED')
          this.timers.set(r.key, { ...r.value, key: r.key, processInstanceKey: pik });
        else this.timers.delete(r.key);
        return;
      case 'MESSAGE_SUBSCRIPTION':
        if (r.intent === 'CREATED')
          this.messageSubscriptions.set(r.key, { ...r.value, key: r.key, processInstanceKey: pik });
        else if (r.intent === 'DELETED' || r.value.interrupting) this.messageSubscriptions.delete(r.key);
        return;
      case 'SIGNAL_SUBSCRIPTION':
        if (r.intent === 'CREATED')
          this.signalSubscriptions.set(r.key, { ...r.value, key: r.key, processInstanceKey: pik });
        else this.signalSubscriptions.delete(r.key);
        return;
      case 'USER_TASK':
        if (r.intent === 'COMPLETED' || r.intent === 'CANCELED') this.userTasks.delete(r.key);
        // A transition (ASSIGNING …) keeps the values that stand; its end carries the new ones.
        else if (!['ASSIGNING', 'UPDATING', 'COMPLETING', 'CANCELING'].includes(r.intent))
          this.userTasks.set(r.key, { ...r.value, key: r.key, processInstanceKey: pik });
        return;
      case 'INCIDENT': {
        if (r.intent === 'CREATED') {
          this.incidents.set(r.key, { ...r.value, key: r.key, processInstanceKey: pik });
          return;
        }
        this.incidents.delete(r.key);
        // Resolving a job incident makes the job activatable again (with at least one retry).
        const job = r.value.jobKey ? this.jobs.get(r.value.jobKey) : undefined;
        if (job) {
          job.state = 'ACTIVATABLE';
          job.retries = Math.max(job.retries, 1);
          job.activatableAt = now;
        }
        return;
      }
      case 'VARIABLE': {
        let scope = this.variables.get(r.value.scopeKey);
        if (!scope) this.variables.set(r.value.scopeKey, (scope = new Map()));
        scope.set(r.value.name, r.value.value);
        return;
      }
      default:
        // Element records, signals, child instances and compensation subscriptions have no
        // rows here: the engine acts on them, or they live in the instance's state.
        return;
    }
  }

  private applyJob(r: JobRecord, now: number): void {
    const existing = this.jobs.get(r.key);
    switch (r.intent) {
      case 'CREATED': {
        const { variables: _variables, ...value } = r.value;
        this.jobs.set(r.key, {
          ...value,
          key: r.key,
          processInstanceKey: r.processInstanceKey,
          state: 'ACTIVATABLE',
          activatableAt: now,
        });
        return;
      }
      case 'COMPLETED':
      case 'CANCELED':
        this.jobs.delete(r.key);
        return;
      case 'FAILED':
        if (!existing) return;
        existing.retries = r.value.retries;
        existing.state = r.value.retries > 0 ? 'ACTIVATABLE' : 'FAILED';
        existing.activatableAt = now + (r.value.retryBackOff ?? 0);
        if (r.value.errorMessage !== undefined) existing.errorMessage = r.value.errorMessage;
        return;
      case 'ERROR_THROWN':
        if (existing) existing.state = 'ERROR_THROWN';
        return;
    }
  }
}

/** Compares keys (decimal int64 strings) numerically. */
export function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The rows of `rows`, oldest (smallest key) first. */
export function sortedRows<T extends { key: string }>(rows: Map<string, T>): T[] {
  return [...rows.values()].sort((a, b) => compareKeys(a.key, b.key));
}

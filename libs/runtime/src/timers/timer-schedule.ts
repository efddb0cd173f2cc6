/**
 * When timers fire: `timeDate` (an ISO 8601 date-time), `timeDuration` (an ISO 8601 duration
 * from now) and `timeCycle` (`R[n]/[start/]duration`, or a cron expression with 5 fields, or 6
 * with seconds first as in Camunda 8). Pure: the current time is always passed in.
 */
import { CronExpressionParser } from 'cron-parser';
import { parseDateTime } from '../feel/typed-values';
import { fail, ok, type Outcome } from '../util/outcome';
import { addDuration, isZeroDuration, parseIsoDuration, type IsoDuration } from './iso-duration';

/** When a timer fires first and how often. */
export interface TimerSchedule {
  /** ms since the epoch. */
  readonly dueDate: number;
  /** Firings left including this one; -1 = unbounded; 1 for a one-shot timer. */
  readonly repetitions: number;
  /** For cycles: the cycle text the next firing is computed from (see {@link nextCycleInstant}). */
  readonly interval?: string;
}

/** A parsed `timeCycle`. */
export type Cycle =
  | {
      readonly kind: 'iso';
      readonly repetitions: number;
      readonly start?: number;
      readonly period: IsoDuration;
    }
  | { readonly kind: 'cron'; readonly expression: string };

/** A `timeDate`: fires once at that instant. */
export function scheduleDate(text: string): Outcome<TimerSchedule> {
  const due = parseDateTime(text);
  return due === undefined
    ? fail(`Expected a timer date as an ISO 8601 date-time (2026-01-31T09:00:00Z), but was '${text}'`)
    : ok({ dueDate: due, repetitions: 1 });
}

/** A `timeDuration`: fires once, `text` after `now`. */
export function scheduleDuration(text: string, now: number): Outcome<TimerSchedule> {
  const d = parseIsoDuration(text);
  return d === undefined
    ? fail(`Expected a timer duration as an ISO 8601 duration (PT15M, P1DT2H), but was '${text}'`)
    : ok({ dueDate: addDuration(now, d), repetitions: 1 });
}

/** A `timeCycle`: its first firing after `now`. */
export function scheduleCycle(text: string, now: number): Outcome<TimerSchedule> {
  const cycle = parseCycle(text);
  if (!cycle.ok) return cycle;
  const c = cycle.value;
  if (c.kind === 'cron') {
    const next = cronNext(c.expression, now);
    return next.ok ? ok({ dueDate: next.value, repetitions: -1, interval: text.trim() }) : next;
  }
  // A start in the past fires at once, as in Camunda 8.
  const due = c.start ?? addDuration(now, c.period);
  return ok({ dueDate: due, repetitions: c.repetitions, interval: text.trim() });
}

/**
 * The firing after the one due at `previousDue`, for cycle `interval`. Normally one period
 * after `previousDue` (no drift); when that is already past (the engine was stopped) it is one
 * period after `now`, so missed firings are skipped instead of replayed in a burst.
 */
export function nextCycleInstant(interval: string, previousDue: number, now: number): Outcome<number> {
  const cycle = parseCycle(interval);
  if (!cycle.ok) return cycle;
  const c = cycle.value;
  if (c.kind === 'cron') return cronNext(c.expression, Math.max(previousDue, now));
  const next = addDuration(previousDue, c.period);
  return ok(next > now ? next : addDuration(now, c.period));
}

const ISO_CYCLE = /^R(\d*)\/(.+)$/;

/** Parses a `timeCycle`. */
export function parseCycle(text: string): Outcome<Cycle> {
  const s = text.trim();
  const m = ISO_CYCLE.exec(s);
  if (!m) {
    const fields = s.split(/\s+/).length;
    if (s.startsWith('@') || fields === 5 || fields === 6) {
      const probe = cronNext(s, 0);
      return probe.ok ? ok({ kind: 'cron', expression: s }) : probe;
    }
    return fail(
      `Expected a timer cycle as R[n]/[start/]duration (R3/PT10M) or a cron expression, but was '${text}'`,
    );
  }
  const repetitions = m[1] === '' ? -1 : Number(m[1]);
  const parts = m[2]!.split('/');
  const [first, second] = parts;
  const start = parts.length === 2 ? parseDateTime(first!) : undefined;
  const period = parseIsoDuration(parts.length === 2 ? second! : first!);
  if (
    parts.length > 2 ||
    (parts.length === 2 && start === undefined) ||
    !period ||
    isZeroDuration(period) ||
    repetitions === 0
  ) {
    return fail(
      `Expected a timer cycle as R[n]/[start/]duration with a non-zero duration (R3/PT10M), but was '${text}'`,
    );
  }
  return ok({ kind: 'iso', repetitions, start, period });
}

/** The first instant strictly after `after` that matches cron `expression`, in UTC. */
function cronNext(expression: string, after: number): Outcome<number> {
  try {
    // `hashSeed` makes `H` fields deterministic: the same expression always picks the same slot.
    const cron = CronExpressionParser.parse(expression, {
      currentDate: new Date(after),
      tz: 'UTC',
      hashSeed: expression,
    });
    return ok(cron.next().getTime());
  } catch (err) {
    return fail(`Expected a valid cron expression, but '${expression}' is not: ${(err as Error).message}`);
  }
}

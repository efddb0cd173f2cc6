/**
 * Timers of timer start events. The store creates them when a process is deployed and re-arms
 * cycles after each firing; the interpreter only runs the instance each firing creates
 * (CREATE_INSTANCE with `startElementId`).
 */
import type { ElementDef, TimerDef } from '@osprey/bpmn';
import { EMPTY_CONTEXT, type VariableContext } from '../feel/variable-context';
import { evaluateExpression } from '../feel/feel-evaluator';
import type { JsonValue } from '../state';
import { fail, ok, type Outcome } from '../util/outcome';
import {
  nextCycleInstant,
  scheduleCycle,
  scheduleDate,
  scheduleDuration,
  type TimerSchedule,
} from './timer-schedule';

/**
 * Evaluates a timer definition and schedules its first firing after `now`.
 *
 * @param vars variables the expressions see (none for start events)
 */
export function scheduleTimer(
  timer: TimerDef,
  now: number,
  vars: VariableContext = EMPTY_CONTEXT,
): Outcome<TimerSchedule> {
  const expr = timer.timeDate ?? timer.timeDuration ?? timer.timeCycle;
  if (!expr) return fail('Expected a timer with timeDate, timeDuration or timeCycle, but it has none');
  const value = evaluateExpression(expr, vars, now);
  if (!value.ok) return value;
  const text = asText(value.value);
  if (text === undefined)
    return fail(`Expected the timer expression to yield a string, but was ${JSON.stringify(value.value)}`);
  if (timer.timeDate) return scheduleDate(text);
  if (timer.timeDuration) return scheduleDuration(text, now);
  return scheduleCycle(text, now);
}

function asText(v: JsonValue): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * The first firing of a timer start event deployed at `now`.
 *
 * @throws Error when `def` is not a timer start event (a bug in the caller)
 */
export function firstTimerStartDue(def: ElementDef, now: number): Outcome<TimerSchedule> {
  if (def.type !== 'startEvent' || def.eventDefinition?.kind !== 'timer') {
    throw new Error(`Expected a timer start event, but '${def.id}' is a ${def.type}`);
  }
  return scheduleTimer(def.eventDefinition.timer, now);
}

/**
 * The next firing of a timer cycle that was due at `previousDue`, and the repetitions left
 * after it; `undefined` when the cycle is exhausted (`repetitions` was 1).
 */
export function nextCycleDue(
  timer: { readonly interval?: string; readonly repetitions: number; readonly dueDate: number },
  now: number,
): Outcome<TimerSchedule | undefined> {
  if (!timer.interval || timer.repetitions === 1) return ok(undefined);
  const due = nextCycleInstant(timer.interval, timer.dueDate, now);
  if (!due.ok) return due;
  const repetitions = timer.repetitions < 0 ? -1 : timer.repetitions - 1;
  return ok({ dueDate: due.value, repetitions, interval: timer.interval });
}

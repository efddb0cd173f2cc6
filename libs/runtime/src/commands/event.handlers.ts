/**
 * Events from outside the instance: TRIGGER_TIMER, CORRELATE_MESSAGE, TRIGGER_SIGNAL. The
 * handler writes the record that consumes the timer or subscription, then routes the event to
 * the catch event, receive task, event-based gateway or boundary event it is for.
 */
import { recordBase } from '../behaviors/records';
import { triggerEvent } from '../behaviors/event-trigger.behavior';
import type { CorrelateMessageCommand, TriggerSignalCommand, TriggerTimerCommand } from '../commands';
import type { Processing } from '../processing/processing';
import { nextCycleDue } from '../timers/timer-start';
import { requireOpen, requireOwned, requireWaiting } from './guards';

/** TRIGGER_TIMER: the timer fires; a non-interrupting cycle (boundary, event sub-process) re-arms first. */
export function triggerTimer(p: Processing, cmd: TriggerTimerCommand): void {
  const owner = requireWaiting(p, cmd.elementInstanceKey);
  requireOwned(owner, owner.timerKeys, cmd.timerKey, 'timer');
  const timer = requireOpen(p, cmd.timerKey, 'TIMER');
  p.write({ valueType: 'TIMER', intent: 'TRIGGERED', ...recordBase(p, cmd.timerKey), value: timer });
  const target = p.graph.element(timer.targetElementId);
  if (target.interrupting === false) {
    // The schedule parsed when the timer was created, so a failure here cannot happen; if it
    // did, the cycle would simply end.
    const next = nextCycleDue(timer, p.now);
    if (next.ok && next.value) {
      const { dueDate, repetitions, interval } = next.value;
      p.write({
        valueType: 'TIMER',
        intent: 'CREATED',
        ...recordBase(p, p.nextKey()),
        value: { ...timer, dueDate, repetitions, ...(interval ? { interval } : {}) },
      });
    }
  }
  triggerEvent(p, p.element(owner.key)!, { kind: 'timer', targetElementId: timer.targetElementId });
}

/** CORRELATE_MESSAGE: the message's variables go to the element that caught it. */
export function correlateMessage(p: Processing, cmd: CorrelateMessageCommand): void {
  const owner = requireWaiting(p, cmd.elementInstanceKey);
  requireOwned(owner, owner.messageSubscriptionKeys, cmd.subscriptionKey, 'message subscription');
  const sub = requireOpen(p, cmd.subscriptionKey, 'MESSAGE_SUBSCRIPTION');
  p.write({
    valueType: 'MESSAGE_SUBSCRIPTION',
    intent: 'CORRELATED',
    ...recordBase(p, cmd.subscriptionKey),
    value: { ...sub, messageKey: cmd.messageKey, variables: cmd.variables },
  });
  triggerEvent(p, p.element(owner.key)!, {
    kind: 'message',
    targetElementId: sub.targetElementId,
    variables: cmd.variables,
  });
}

/** TRIGGER_SIGNAL: a broadcast signal reached one of the instance's signal subscriptions. */
export function triggerSignal(p: Processing, cmd: TriggerSignalCommand): void {
  const owner = requireWaiting(p, cmd.elementInstanceKey);
  requireOwned(owner, owner.signalSubscriptionKeys, cmd.subscriptionKey, 'signal subscription');
  const sub = requireOpen(p, cmd.subscriptionKey, 'SIGNAL_SUBSCRIPTION');
  const target = p.graph.element(sub.targetElementId);
  // A non-interrupting boundary or event sub-process keeps listening while its activity or scope
  // runs; any other catch is consumed.
  if (target.interrupting !== false) {
    p.write({
      valueType: 'SIGNAL_SUBSCRIPTION',
      intent: 'DELETED',
      ...recordBase(p, cmd.subscriptionKey),
      value: sub,
    });
  }
  triggerEvent(p, p.element(owner.key)!, {
    kind: 'signal',
    targetElementId: sub.targetElementId,
    variables: cmd.variables,
  });
}

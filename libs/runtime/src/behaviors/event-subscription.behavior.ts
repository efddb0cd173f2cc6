/**
 * Event subscriptions: the timers, message subscriptions and signal subscriptions an element
 * waits on. A boundary event's subscription belongs to the activity it is attached to; an
 * event-based gateway owns the subscriptions of the catch events after it; a catch event or a
 * receive task owns its own. Every expression of a group is evaluated before any record is
 * written, so a failure opens nothing and the retry opens everything once.
 */
import type { ElementDef } from '@osprey/bpmn';
import { evaluateKey, evaluateString } from '../feel/typed-values';
import type { VariableContext } from '../feel/variable-context';
import type { Processing } from '../processing/processing';
import type { EngineRecord } from '../records';
import type { ElementInstance } from '../state';
import { scheduleTimer } from '../timers/timer-start';
import { fail, ok, type Outcome } from '../util/outcome';
import { recordBase } from './records';
import { contextAt } from './variables.behavior';

/** Opens the subscriptions of the boundary events attached to `el` (error boundaries have none). */
export function openBoundarySubscriptions(
  p: Processing,
  el: ElementInstance,
  def: ElementDef,
): Outcome<void> {
  if (def.boundaryEvents.length === 0) return ok(undefined);
  return openEventSubscriptions(
    p,
    el,
    def.boundaryEvents.map((id) => p.graph.element(id)),
  );
}

/** Opens a subscription owned by `owner` for each of `events` that waits on a timer, message or signal. */
export function openEventSubscriptions(
  p: Processing,
  owner: ElementInstance,
  events: readonly ElementDef[],
): Outcome<void> {
  const vars = contextAt(p, owner.key);
  const records: EngineRecord[] = [];
  for (const event of events) {
    const planned = planSubscription(p, owner, event, vars);
    if (!planned.ok) return fail(`${planned.message} (event '${event.id}')`);
    if (planned.value) records.push(planned.value);
  }
  for (const r of records) p.write(r);
  return ok(undefined);
}

function planSubscription(
  p: Processing,
  owner: ElementInstance,
  event: ElementDef,
  vars: VariableContext,
): Outcome<EngineRecord | undefined> {
  const eventDef = event.eventDefinition;
  const s = p.state;
  const interrupting = event.interrupting ?? true;
  switch (eventDef?.kind) {
    case 'timer': {
      const schedule = scheduleTimer(eventDef.timer, p.now, vars);
      if (!schedule.ok) return schedule;
      const { dueDate, repetitions, interval } = schedule.value;
      return ok({
        valueType: 'TIMER',
        intent: 'CREATED',
        ...recordBase(p, p.nextKey()),
        value: {
          elementInstanceKey: owner.key,
          targetElementId: event.id,
          dueDate,
          repetitions,
          ...(interval ? { interval } : {}),
          processDefinitionKey: s.processDefinitionKey,
          tenantId: s.tenantId,
        },
      });
    }
    case 'message': {
      const name = evaluateString(eventDef.messageName, vars, p.now);
      if (!name.ok) return name;
      if (!eventDef.correlationKey)
        return fail(`Expected a correlation key for message '${name.value}', but none is defined`);
      const correlationKey = evaluateKey(eventDef.correlationKey, vars, p.now);
      if (!correlationKey.ok) return correlationKey;
      return ok({
        valueType: 'MESSAGE_SUBSCRIPTION',
        intent: 'CREATED',
        ...recordBase(p, p.nextKey()),
        value: {
          messageName: name.value,
          correlationKey: correlationKey.value,
          elementInstanceKey: owner.key,
          targetElementId: event.id,
          interrupting,
          bpmnProcessId: s.bpmnProcessId,
          tenantId: s.tenantId,
        },
      });
    }
    case 'signal': {
      const name = evaluateString(eventDef.signalName, vars, p.now);
      if (!name.ok) return name;
      return ok({
        valueType: 'SIGNAL_SUBSCRIPTION',
        intent: 'CREATED',
        ...recordBase(p, p.nextKey()),
        value: {
          signalName: name.value,
          elementInstanceKey: owner.key,
          targetElementId: event.id,
          bpmnProcessId: s.bpmnProcessId,
          tenantId: s.tenantId,
        },
      });
    }
    default:
      return ok(undefined);
  }
}

/**
 * Closes every timer and subscription element instance `ownerKey` still owns (TIMER CANCELED,
 * MESSAGE_SUBSCRIPTION DELETED, SIGNAL_SUBSCRIPTION DELETED).
 */
export function closeEventSubscriptions(p: Processing, ownerKey: string): void {
  const owner = p.element(ownerKey);
  if (!owner) return;
  for (const key of owner.timerKeys ?? []) closeOne(p, key);
  for (const key of owner.messageSubscriptionKeys ?? []) closeOne(p, key);
  for (const key of owner.signalSubscriptionKeys ?? []) closeOne(p, key);
}

/** Writes the record that closes open entity `key`, repeating the value it was opened with. */
export function closeOne(p: Processing, key: string): void {
  const entity = p.state.openEntities?.[key];
  if (!entity) return;
  const base = recordBase(p, key);
  switch (entity.valueType) {
    case 'TIMER':
      return p.write({ valueType: 'TIMER', intent: 'CANCELED', ...base, value: entity.value });
    case 'MESSAGE_SUBSCRIPTION':
      return p.write({ valueType: 'MESSAGE_SUBSCRIPTION', intent: 'DELETED', ...base, value: entity.value });
    case 'SIGNAL_SUBSCRIPTION':
      return p.write({ valueType: 'SIGNAL_SUBSCRIPTION', intent: 'DELETED', ...base, value: entity.value });
    case 'JOB':
      return p.write({ valueType: 'JOB', intent: 'CANCELED', ...base, value: entity.value });
    case 'USER_TASK':
      return p.write({ valueType: 'USER_TASK', intent: 'CANCELED', ...base, value: entity.value });
  }
}

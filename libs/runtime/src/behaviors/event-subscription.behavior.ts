/**
 * Event subscriptions: the timers, message subscriptions and signal subscriptions an element
 * waits on. A boundary event's subscription belongs to the activity it is attached to (to the
 * body of a multi-instance activity); the start event of an event sub-process subscribes for the
 * process or sub-process that contains it; an event-based gateway owns the subscriptions of the
 * catch events after it; a catch event or a receive task owns its own. Every expression of a group is evaluated before any record is
 * written, so a failure opens nothing and the retry opens everything once.
 */
import type { ElementDef } from '@osprey/bpmn';
import { evaluateKey, evaluateString } from '../feel/typed-values';
import type { VariableContext } from '../feel/variable-context';
import type { Processing } from '../processing/processing';
import type { EngineRecord } from '../records';
import { isContainer, isMultiInstanceInner } from '../processing/element-kinds';
import type { ElementInstance } from '../state';
import { scheduleTimer } from '../timers/timer-start';
import { fail, ok, type Outcome } from '../util/outcome';
import { recordBase } from './records';
import { contextAt } from './variables.behavior';

/**
 * Opens what `el` listens for while it is active: the timers and subscriptions of its boundary
 * events and, for a process or sub-process, of the start events of its event sub-processes.
 * Error, escalation and compensation events have none: they are caught, not listened for.
 */
export function openScopeSubscriptions(p: Processing, el: ElementInstance, def: ElementDef): Outcome<void> {
  const boundaries = isMultiInstanceInner(el, def) ? [] : def.boundaryEvents;
  const starts = isContainer(el, def) ? p.graph.eventSubProcessStarts(def) : [];
  if (boundaries.length === 0 && starts.length === 0) return NOTHING_TO_OPEN;
  return openEventSubscriptions(p, el, [...boundaries.map((id) => p.graph.element(id)), ...starts]);
}

const NOTHING_TO_OPEN: Outcome<void> = ok(undefined);

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
 * MESSAGE_SUBSCRIPTION DELETED, SIGNAL_SUBSCRIPTION DELETED); with `only`, those whose target
 * element passes it.
 */
export function closeEventSubscriptions(
  p: Processing,
  ownerKey: string,
  only?: (targetElementId: string) => boolean,
): void {
  const owner = p.element(ownerKey);
  if (!owner) return;
  // Closing replaces the owner's lists, never changes them: iterating the old ones is safe.
  closeAll(p, owner.timerKeys, only);
  closeAll(p, owner.messageSubscriptionKeys, only);
  closeAll(p, owner.signalSubscriptionKeys, only);
}

function closeAll(
  p: Processing,
  keys: readonly string[] | undefined,
  only: ((targetElementId: string) => boolean) | undefined,
): void {
  if (!keys) return;
  for (const key of keys) {
    const entity = p.state.openEntities?.[key];
    if (only && entity && 'targetElementId' in entity.value && !only(entity.value.targetElementId)) continue;
    closeOne(p, key);
  }
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
    case 'CHILD_INSTANCE':
      return p.write({ valueType: 'CHILD_INSTANCE', intent: 'CANCELED', ...base, value: entity.value });
  }
}

/**
 * Applies element lifecycle records (`PROCESS_INSTANCE`): creates, moves and removes element
 * instances, keeps each scope's `activeChildren` count, the tokens waiting at joins, the
 * counters of multi-instance bodies and the mark of a scope interrupted by an event
 * sub-process.
 */
import type { ElementRecord } from '../records';
import type { ElementInstance, InstanceState } from '../state';
import { adopt, writableElement } from './ownership';

/** Applies one element record to `state`. */
export function applyElementRecord(state: InstanceState, record: ElementRecord): void {
  const { key, value } = record;
  switch (record.intent) {
    case 'ELEMENT_ACTIVATING':
      return activating(state, record);
    case 'ELEMENT_ACTIVATED':
      setState(state, key, 'ACTIVATED');
      if (value.numberOfInstances !== undefined) {
        const body = writableElement(state, key);
        if (body) {
          body.multiInstance = {
            numberOfInstances: value.numberOfInstances,
            activated: 0,
            completed: 0,
            terminated: 0,
          };
        }
      }
      return;
    case 'ELEMENT_COMPLETING':
      return setState(state, key, 'COMPLETING');
    case 'ELEMENT_TERMINATING':
      return setState(state, key, 'TERMINATING');
    case 'ELEMENT_COMPLETED':
    case 'ELEMENT_TERMINATED':
      return ended(
        state,
        key,
        value.flowScopeKey,
        record.intent === 'ELEMENT_COMPLETED' ? 'COMPLETED' : 'TERMINATED',
      );
    case 'SEQUENCE_FLOW_TAKEN':
      if (value.targetElementId && value.flowScopeKey)
        addJoinToken(state, value.flowScopeKey, value.targetElementId, value.elementId);
      return;
  }
}

function activating(state: InstanceState, { key, value }: ElementRecord): void {
  if (value.flowScopeKey === null) {
    // The process itself: the record carries everything the instance header needs.
    state.processInstanceKey = key;
    state.processDefinitionKey = value.processDefinitionKey;
    state.bpmnProcessId = value.bpmnProcessId;
    state.version = value.version;
    state.tenantId = value.tenantId;
    state.state = 'ACTIVE';
    if (value.parentProcessInstanceKey) state.parentProcessInstanceKey = value.parentProcessInstanceKey;
    if (value.parentElementInstanceKey) state.parentElementInstanceKey = value.parentElementInstanceKey;
  }
  const el: ElementInstance = {
    key,
    elementId: value.elementId,
    elementType: value.bpmnElementType,
    flowScopeKey: value.flowScopeKey,
    state: 'ACTIVATING',
    activeChildren: 0,
  };
  if (value.triggeredBy) el.triggeredBy = value.triggeredBy;
  state.elements[key] = adopt(state, el);
  if (value.flowScopeKey === null) return;
  const parent = writableElement(state, value.flowScopeKey);
  if (!parent) return;
  parent.activeChildren++;
  if (parent.multiInstance)
    parent.multiInstance = { ...parent.multiInstance, activated: parent.multiInstance.activated + 1 };
  if (value.interrupting) {
    // The rest of the scope was terminated just before: its waiting tokens go with it.
    parent.interruptedBy = key;
    delete parent.joins;
    return;
  }
  // A join fires by activating: it consumes one waiting token from each incoming flow that has
  // one (a parallel join only fires when all have one).
  const tokens = parent.joins?.[value.elementId];
  if (tokens) {
    const left: Record<string, number> = {};
    for (const [flow, n] of Object.entries(tokens)) if (n > 1) left[flow] = n - 1;
    const joins = { ...parent.joins };
    if (Object.keys(left).length > 0) joins[value.elementId] = left;
    else delete joins[value.elementId];
    if (Object.keys(joins).length > 0) parent.joins = joins;
    else delete parent.joins;
  }
}

function setState(state: InstanceState, key: string, s: ElementInstance['state']): void {
  const el = writableElement(state, key);
  if (el) el.state = s;
}

function ended(
  state: InstanceState,
  key: string,
  flowScopeKey: string | null,
  end: 'COMPLETED' | 'TERMINATED',
): void {
  delete state.elements[key];
  delete state.variables[key];
  if (flowScopeKey === null) {
    state.state = end;
    return;
  }
  const parent = writableElement(state, flowScopeKey);
  if (!parent) return;
  parent.activeChildren--;
  const mi = parent.multiInstance;
  if (mi) {
    parent.multiInstance =
      end === 'COMPLETED' ? { ...mi, completed: mi.completed + 1 } : { ...mi, terminated: mi.terminated + 1 };
  }
}

function addJoinToken(state: InstanceState, scopeKey: string, gatewayId: string, flowId: string): void {
  const scope = writableElement(state, scopeKey);
  if (!scope) return;
  const tokens = scope.joins?.[gatewayId] ?? {};
  scope.joins = { ...scope.joins, [gatewayId]: { ...tokens, [flowId]: (tokens[flowId] ?? 0) + 1 } };
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyRecord,
  emptyState,
  type ChildInstanceRecord,
  type CompensationSubscriptionRecord,
  type ElementRecord,
} from '../../src';

function element(
  intent: ElementRecord['intent'],
  key: string,
  elementId: string,
  flowScopeKey: string | null,
  extra: Partial<ElementRecord['value']> = {},
): ElementRecord {
  return {
    valueType: 'PROCESS_INSTANCE',
    intent,
    key,
    processInstanceKey: '1',
    timestamp: 0,
    value: {
      elementId,
      bpmnElementType: flowScopeKey === null ? 'PROCESS' : 'TASK',
      flowScopeKey,
      bpmnProcessId: 'p',
      processDefinitionKey: '9',
      version: 1,
      tenantId: 't',
      ...extra,
    },
  };
}

function compensation(intent: CompensationSubscriptionRecord['intent'], key: string, throwKey?: string) {
  const record: CompensationSubscriptionRecord = {
    valueType: 'COMPENSATION_SUBSCRIPTION',
    intent,
    key,
    processInstanceKey: '1',
    timestamp: 0,
    value: {
      elementId: `task${key}`,
      elementInstanceKey: `1${key}`,
      compensationHandlerId: 'undo',
      scopes: [{ elementInstanceKey: '1', elementId: 'p' }],
      variables: {},
      bpmnProcessId: 'p',
      processDefinitionKey: '9',
      tenantId: 't',
      ...(throwKey ? { throwEventId: 'throw', throwEventInstanceKey: throwKey } : {}),
    },
  };
  return record;
}

describe('appliers of scopes, multi-instance bodies, compensation and child instances', () => {
  it('count the inner instances of a multi-instance body from its ACTIVATED record on', () => {
    const s = emptyState('1');
    applyRecord(s, element('ELEMENT_ACTIVATING', '1', 'p', null));
    applyRecord(s, element('ELEMENT_ACTIVATING', '2', 'mi', '1', { bpmnElementType: 'MULTI_INSTANCE_BODY' }));
    applyRecord(s, element('ELEMENT_ACTIVATED', '2', 'mi', '1', { numberOfInstances: 3 }));
    applyRecord(s, element('ELEMENT_ACTIVATING', '3', 'mi', '2'));
    applyRecord(s, element('ELEMENT_ACTIVATING', '4', 'mi', '2'));
    applyRecord(s, element('ELEMENT_COMPLETED', '3', 'mi', '2'));
    applyRecord(s, element('ELEMENT_TERMINATED', '4', 'mi', '2'));
    assert.deepEqual(s.elements['2']?.multiInstance, {
      numberOfInstances: 3,
      activated: 2,
      completed: 1,
      terminated: 1,
    });
    assert.equal(s.elements['2']?.activeChildren, 0);
  });

  it('mark a scope interrupted by an event sub-process and drop the tokens waiting at its joins', () => {
    const s = emptyState('1');
    applyRecord(s, element('ELEMENT_ACTIVATING', '1', 'p', null));
    applyRecord(
      s,
      element('SEQUENCE_FLOW_TAKEN', '5', 'f', '1', {
        targetElementId: 'join',
        bpmnElementType: 'SEQUENCE_FLOW',
      }),
    );
    applyRecord(
      s,
      element('ELEMENT_ACTIVATING', '6', 'esp', '1', {
        bpmnElementType: 'EVENT_SUB_PROCESS',
        interrupting: true,
      }),
    );
    assert.equal(s.elements['1']?.interruptedBy, '6');
    assert.equal(s.elements['1']?.joins, undefined);
  });

  it('keep compensable activities in completion order until completed or deleted', () => {
    const s = emptyState('1');
    applyRecord(s, compensation('CREATED', '7'));
    applyRecord(s, compensation('CREATED', '8'));
    applyRecord(s, compensation('TRIGGERED', '8', '20'));
    assert.deepEqual(
      s.compensations?.map((c) => [c.key, c.throwEventInstanceKey]),
      [
        ['7', undefined],
        ['8', '20'],
      ],
    );
    applyRecord(s, compensation('COMPLETED', '8', '20'));
    applyRecord(s, compensation('DELETED', '7'));
    assert.equal(s.compensations, undefined);
  });

  it('let a call activity hold its child instance key without the variables it was given', () => {
    const s = emptyState('1');
    applyRecord(s, element('ELEMENT_ACTIVATING', '1', 'p', null));
    applyRecord(s, element('ELEMENT_ACTIVATING', '2', 'call', '1', { bpmnElementType: 'CALL_ACTIVITY' }));
    const created: ChildInstanceRecord = {
      valueType: 'CHILD_INSTANCE',
      intent: 'CREATED',
      key: '30',
      processInstanceKey: '1',
      timestamp: 0,
      value: {
        elementId: 'call',
        elementInstanceKey: '2',
        bpmnProcessId: 'p',
        processDefinitionKey: '9',
        processDefinitionVersion: 1,
        tenantId: 't',
        calledProcessId: 'child',
        bindingType: 'latest',
        variables: { big: [1, 2, 3] },
      },
    };
    applyRecord(s, created);
    assert.equal(s.elements['2']?.childProcessInstanceKey, '30');
    assert.equal(s.openEntities?.['30']?.valueType, 'CHILD_INSTANCE');
    assert.equal('variables' in s.openEntities!['30']!.value, false);
    applyRecord(s, { ...created, intent: 'COMPLETED' });
    assert.equal(s.elements['2']?.childProcessInstanceKey, undefined);
    assert.equal(s.openEntities?.['30'], undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyRecord, emptyState, type ElementRecord } from '../../src';

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
      bpmnElementType: flowScopeKey === null ? 'PROCESS' : 'PARALLEL_GATEWAY',
      flowScopeKey,
      bpmnProcessId: 'p',
      processDefinitionKey: '9',
      version: 1,
      tenantId: 't',
      ...extra,
    },
  };
}

describe('appliers', () => {
  it('keep activeChildren in step with element records', () => {
    const s = emptyState('1');
    applyRecord(s, element('ELEMENT_ACTIVATING', '1', 'p', null));
    applyRecord(s, element('ELEMENT_ACTIVATING', '2', 'a', '1'));
    applyRecord(s, element('ELEMENT_ACTIVATING', '3', 'b', '1'));
    assert.equal(s.elements['1']?.activeChildren, 2);
    applyRecord(s, element('ELEMENT_COMPLETED', '2', 'a', '1'));
    assert.equal(s.elements['1']?.activeChildren, 1);
    assert.equal(s.elements['2'], undefined);
    applyRecord(s, element('ELEMENT_TERMINATED', '3', 'b', '1'));
    applyRecord(s, element('ELEMENT_TERMINATED', '1', 'p', null));
    assert.equal(s.state, 'TERMINATED');
    assert.deepEqual(s.elements, {});
  });

  it('count join tokens per incoming flow and consume one per flow when the join activates', () => {
    const s = emptyState('1');
    applyRecord(s, element('ELEMENT_ACTIVATING', '1', 'p', null));
    const taken = (key: string, flow: string) =>
      applyRecord(s, {
        ...element('SEQUENCE_FLOW_TAKEN', key, flow, '1', {
          targetElementId: 'join',
          bpmnElementType: 'SEQUENCE_FLOW',
        }),
      });
    taken('10', 'fa');
    taken('11', 'fa');
    taken('12', 'fb');
    assert.deepEqual(s.elements['1']?.joins, { join: { fa: 2, fb: 1 } });
    applyRecord(s, element('ELEMENT_ACTIVATING', '13', 'join', '1'));
    assert.deepEqual(s.elements['1']?.joins, { join: { fa: 1 } });
    applyRecord(s, element('ELEMENT_ACTIVATING', '14', 'join', '1'));
    assert.equal(s.elements['1']?.joins, undefined);
  });

  it('store a variable called __proto__ as an ordinary variable', () => {
    const s = emptyState('1');
    applyRecord(s, {
      valueType: 'VARIABLE',
      intent: 'CREATED',
      key: '1:__proto__',
      processInstanceKey: '1',
      timestamp: 0,
      value: {
        name: '__proto__',
        value: 5,
        scopeKey: '1',
        processDefinitionKey: '9',
        bpmnProcessId: 'p',
        tenantId: 't',
      },
    });
    assert.deepEqual(Object.keys(s.variables['1']!), ['__proto__']);
    assert.equal(Object.getPrototypeOf(s.variables['1']), Object.prototype);
  });
});

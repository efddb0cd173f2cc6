import assert from 'node:assert/strict';
import type { ProcessGraph } from '@osprey/bpmn';
import { before, describe, it } from 'node:test';
import { CommandRejection } from '@osprey/runtime';
import { createProcess, InMemoryEngine } from '../../src';
import { elementsOnly, lines, onlyJob } from '../support';

/** s → a (job) → b (job) → e, and a sub-process with c (job) reached from nowhere. */
let graph: ProcessGraph;
before(async () => {
  graph = await createProcess('p')
    .startEvent('s')
    .serviceTask('a', { type: 'a' })
    .serviceTask('b', { type: 'b' })
    .endEvent('e')
    .moveTo('s')
    .newPath()
    .subProcess('sub', (b) => b.startEvent('in').serviceTask('c', { type: 'c' }).endEvent('out'))
    .build();
});

function waitingAtA() {
  const engine = new InMemoryEngine();
  engine.deploy(graph);
  const pik = engine.createInstance('p', { n: 1 });
  return { engine, pik, a: onlyJob(engine, 'a') };
}

describe('modification', () => {
  it('given a waiting task, when it is terminated and a later task activated with variables, then the instance runs on from there', async () => {
    const { engine, pik, a } = waitingAtA();

    engine.send(pik, {
      type: 'MODIFY',
      terminateInstructions: [{ elementInstanceKey: a.elementInstanceKey }],
      activateInstructions: [{ elementId: 'b', variableInstructions: [{ variables: { skipped: true } }] }],
    });

    assert.deepEqual(lines(engine.lastRecords(), elementsOnly).slice(0, 4), [
      'ELEMENT_TERMINATING SERVICE_TASK a',
      'ELEMENT_TERMINATED SERVICE_TASK a',
      'ELEMENT_ACTIVATING SERVICE_TASK b',
      'ELEMENT_ACTIVATED SERVICE_TASK b',
    ]);
    assert.equal(lines(engine.lastRecords())[0], 'PROCESS_INSTANCE_MODIFICATION MODIFIED');
    assert.deepEqual(engine.variables(pik), { n: 1, skipped: true });
    engine.completeJob(onlyJob(engine, 'b').key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given an element inside a sub-process with no instance, when activated, then the sub-process is created around it without starting at its start event', async () => {
    const { engine, pik } = waitingAtA();

    engine.send(pik, {
      type: 'MODIFY',
      terminateInstructions: [],
      activateInstructions: [
        { elementId: 'c', variableInstructions: [{ variables: { inSub: 1 }, scopeId: 'sub' }] },
      ],
    });

    assert.deepEqual(lines(engine.lastRecords(), elementsOnly), [
      'ELEMENT_ACTIVATING SUB_PROCESS sub',
      'ELEMENT_ACTIVATED SUB_PROCESS sub',
      'ELEMENT_ACTIVATING SERVICE_TASK c',
      'ELEMENT_ACTIVATED SERVICE_TASK c',
    ]);
    const c = onlyJob(engine, 'c');
    assert.deepEqual(engine.variables(engine.state(pik).elements[c.elementInstanceKey]!.flowScopeKey!), {
      inSub: 1,
    });
  });

  it('given the only running task, when it is terminated and nothing activated, then the process completes', async () => {
    const { engine, pik, a } = waitingAtA();

    engine.send(pik, {
      type: 'MODIFY',
      terminateInstructions: [{ elementInstanceKey: a.elementInstanceKey }],
      activateInstructions: [],
    });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given an unknown element or element instance, when modifying, then it is refused and nothing changes', async () => {
    const { engine, pik, a } = waitingAtA();
    const before = engine.state(pik);

    assert.throws(
      () =>
        engine.send(pik, {
          type: 'MODIFY',
          terminateInstructions: [{ elementInstanceKey: a.elementInstanceKey }],
          activateInstructions: [{ elementId: 'nope', variableInstructions: [] }],
        }),
      (err: unknown) =>
        err instanceof CommandRejection && err.code === 'INVALID_ARGUMENT' && /'nope'/.test(err.message),
    );
    assert.throws(
      () =>
        engine.send(pik, {
          type: 'MODIFY',
          terminateInstructions: [{ elementInstanceKey: '424242' }],
          activateInstructions: [],
        }),
      (err: unknown) => err instanceof CommandRejection && err.code === 'NOT_FOUND',
    );
    assert.deepEqual(engine.state(pik), before);
  });
});

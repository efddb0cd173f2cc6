import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute, type Command, type ExecutionContext, type InstanceState } from '@osprey/runtime';
import { createProcess } from '../../src';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('input states are never changed', () => {
  it('given frozen states, when multi-instance bodies, event sub-processes and compensation run, then every command works on copies', async () => {
    const graph = await createProcess('p')
      .startEvent('s')
      .serviceTask('book', {
        type: 'book',
        multiInstance: {
          inputCollection: '=[1, 2]',
          inputElement: 'n',
          outputCollection: 'out',
          outputElement: '=n',
        },
      })
      .parallelGateway('fork')
      .userTask('wait')
      .parallelGateway('join')
      .endEvent('e')
      .moveTo('fork')
      .connectTo('join')
      .boundaryEvent('undo', { attachedTo: 'book', compensate: true })
      .serviceTask('unbook', { type: 'unbook' })
      .eventSubProcess('stop', (esp) =>
        esp.startEvent('stopped', { signal: 'stop' }).endEvent('rollback', { compensate: true }),
      )
      .build();
    let key = 100;
    const ctx: ExecutionContext = { now: 0, nextKey: () => String(++key), graph };
    const run = (state: InstanceState | null, command: Command): InstanceState =>
      deepFreeze(execute(state, command, ctx).state);
    const jobs = (s: InstanceState, type: string) =>
      Object.values(s.openEntities ?? {}).flatMap((e) =>
        e.valueType === 'JOB' && e.value.type === type ? [e] : [],
      );

    let state = run(null, {
      type: 'CREATE_INSTANCE',
      processInstanceKey: '1',
      processDefinitionKey: '2',
      version: 1,
      tenantId: 't',
      variables: {},
    });
    for (const [jobKey, job] of Object.entries(state.openEntities ?? {})) {
      if (job.valueType !== 'JOB') continue;
      state = run(state, {
        type: 'COMPLETE_JOB',
        jobKey,
        elementInstanceKey: job.value.elementInstanceKey,
        variables: {},
      });
    }
    assert.ok(state.elements['1']!.joins, 'a token waits at the join');
    const signal = Object.entries(state.openEntities ?? {}).find(
      ([, e]) => e.valueType === 'SIGNAL_SUBSCRIPTION',
    )!;
    state = run(state, {
      type: 'TRIGGER_SIGNAL',
      subscriptionKey: signal[0],
      elementInstanceKey: '1',
      targetElementId: 'stopped',
      variables: {},
    });
    for (let undo = jobs(state, 'unbook')[0]; undo; undo = jobs(state, 'unbook')[0]) {
      const jobKey = Object.entries(state.openEntities!).find(([, e]) => e === undo)![0];
      state = run(state, {
        type: 'COMPLETE_JOB',
        jobKey,
        elementInstanceKey: undo.value.elementInstanceKey,
        variables: {},
      });
    }

    assert.equal(state.state, 'COMPLETED');
  });
});

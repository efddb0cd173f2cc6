import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { completedElements } from '../../support';

describe('ManualTaskProcessor and TaskProcessor', () => {
  it('given a manual task and an undefined task, when reached, then both pass straight through', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await createProcess('p').startEvent('s').manualTask('sign').task('note').endEvent('e').build());

    const pik = engine.createInstance('p');

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'sign', 'note', 'e', 'p']);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineProcess, type EngineProcess } from '@osprey/testing';
import { Api } from '../support/engine-harness';
import { fixture } from '../support/bpmn';
import { watchEventLoop } from '../support/event-loop';
import { assertProblem, deployed, ok } from '../api/support';

describe('hostile FEEL and variable sets: an incident or a refusal, never a stall', () => {
  let engine: EngineProcess;
  let api: Api;

  before(async () => {
    engine = await startEngineProcess('hostile_feel');
    api = new Api(engine.url);
    await deployed(api, { name: 'hostile-feel.bpmn', content: fixture('hostile-feel.bpmn') }, { name: 'instant.bpmn', content: fixture('instant.bpmn') });
  });
  after(async () => {
    await engine?.stop();
  });

  async function incidentsOf(processInstanceKey: string): Promise<any[]> {
    return ok(await api.post('/v2/incidents/search', { filter: { processInstanceKey } })).items;
  }

  it('given a cartesian product over a list of 5,000 elements, when the script runs, then an incident names the iteration budget and the engine stays up', async () => {
    const loop = await watchEventLoop(api.baseUrl);
    // when
    const started = ok(await api.post('/v2/process-instances', { processDefinitionId: 'hostile-feel', variables: { kind: 'product', l: Array(5000).fill(0) } }));
    // then
    const [incident] = await api.until(async () => {
      const found = await incidentsOf(started.processInstanceKey);
      return found.length > 0 && found;
    });
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    assert.match(incident.errorMessage, /would take more than 100000 iterations .*OSPREY_FEEL_MAX_ITERATIONS/);
    assert.equal((await api.get('/health/ready')).status, 200);
    ok(await api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 1, b: 2 } }));
    // feelin cannot be interrupted: the evaluation runs on the loop until it has spent the
    // default budget of 100,000 iterations, 20–50 ms here. The 20 ms promise needs a smaller
    // budget or FEEL off the loop (docs/reliability.md); what must hold is that it stops there.
    await loop.assertP99('a FEEL product over 5,000 × 5,000 elements was evaluated', 50);
  });

  it('given a regular expression that backtracks catastrophically in JavaScript, when matched against 31 a and a !, then the instance completes with false at once', async () => {
    const loop = await watchEventLoop(api.baseUrl);
    const started = ok(await api.post('/v2/process-instances', { processDefinitionId: 'hostile-feel', variables: { kind: 'regex', s: `${'a'.repeat(31)}!` } }));
    await api.until(async () => ok(await api.get(`/v2/process-instances/${started.processInstanceKey}`)).state === 'COMPLETED');
    const [result] = ok(await api.post('/v2/variables/search', { filter: { processInstanceKey: started.processInstanceKey, name: 'result' } })).items;
    assert.equal(result.value, 'false');
    await loop.assertP99('matches(s, "^(a+)+$") ran on 31 a and a !');
  });

  it('given a start carrying 100,000 small variables, when it is sent, then it is refused with 413 naming the limit, nothing starts, and the engine answers others meanwhile', async () => {
    const loop = await watchEventLoop(api.baseUrl);
    const variables: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) variables[`v${i}`] = i;
    // when
    const [refused, ready, other] = await Promise.all([
      api.post('/v2/process-instances', { processDefinitionId: 'instant', variables }),
      api.get('/health/ready'),
      api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 1, b: 2 } }),
    ]);
    // then
    assertProblem(refused, 413, /at most 1000 variables in one request \(OSPREY_MAX_VARIABLES_PER_COMMAND\), but variables holds 100000/);
    assert.equal(ready.status, 200);
    ok(other);
    const started = ok(await api.post('/v2/process-instances/search', { filter: { processDefinitionId: 'instant' } })).items;
    assert.ok(started.every((i: any) => i.state === 'COMPLETED'));
    // The 1.6 MB body is parsed by JSON.parse on the loop before anything can count it: about
    // 30–60 ms on this machine, so the 20 ms promise is not kept for the largest bodies the limit
    // admits (docs/reliability.md). What must hold is that the refusal costs a parse, not a walk.
    await loop.assertP99('a start with 100,000 variables was refused', 100);
  });
});

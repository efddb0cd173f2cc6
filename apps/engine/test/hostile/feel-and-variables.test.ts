import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineProcess, type EngineProcess } from '@osprey/testing';
import { Api } from '../support/engine-harness';
import { fixture } from '../support/bpmn';
import { assertLoopKeptFree, watchEventLoop } from '../support/event-loop';
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
    // when (each run of the product spends the whole default budget of 25,000 iterations)
    const incident = await assertLoopKeptFree(api.baseUrl, 'a FEEL product over 5,000 × 5,000 elements was evaluated', async () => {
      const started = ok(await api.post('/v2/process-instances', { processDefinitionId: 'hostile-feel', variables: { kind: 'product', l: Array(5000).fill(0) } }));
      const [found] = await api.until(async () => {
        const incidents = await incidentsOf(started.processInstanceKey);
        return incidents.length > 0 && incidents;
      });
      return found;
    });
    // then
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    assert.match(incident.errorMessage, /would take more than 25000 iterations .*OSPREY_FEEL_MAX_ITERATIONS/);
    assert.equal((await api.get('/health/ready')).status, 200);
    ok(await api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 1, b: 2 } }));
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
    const variables: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) variables[`v${i}`] = i;
    // when (the 1.6 MB body is refused while its variables are counted, before JSON.parse)
    const [refused, ready, other] = await assertLoopKeptFree(api.baseUrl, 'a start with 100,000 variables was refused', () =>
      Promise.all([
        api.post('/v2/process-instances', { processDefinitionId: 'instant', variables }),
        api.get('/health/ready'),
        api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 1, b: 2 } }),
      ]),
    );
    // then
    assertProblem(refused, 413, /at most 1000 variables in one request \(OSPREY_MAX_VARIABLES_PER_COMMAND\), but variables holds more than 1000/);
    assert.equal(ready.status, 200);
    ok(other);
    const started = ok(await api.post('/v2/process-instances/search', { filter: { processDefinitionId: 'instant' } })).items;
    assert.ok(started.every((i: any) => i.state === 'COMPLETED'));
  });
});

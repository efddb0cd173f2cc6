import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertProblem,
  deployed,
  elementsOf,
  engineForFile,
  fixture,
  incidentsOf,
  ok,
  search,
  startInstance,
  untilState,
} from './support';

describe('incidents: a failed FEEL condition stops the token until an operator fixes and resolves it', () => {
  const ctx = engineForFile('api_incidents');

  before(async () => {
    await deployed(ctx.api, { name: 'routing.bpmn', content: fixture('gateway-routing.bpmn') });
  });

  it('raises an incident at an exclusive gateway whose conditions cannot be evaluated', async () => {
    // when an instance starts without the variable the conditions read
    const key = await startInstance(ctx.api, 'routing', {});
    // then an incident is raised at the gateway, and the instance stays active with it
    const [incident] = await incidentsOf(ctx.api, key);
    // (as in Camunda 8: a condition that does not evaluate to a boolean is an EXTRACT_VALUE_ERROR)
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    assert.equal(incident.elementId, 'route');
    assert.equal(incident.processDefinitionId, 'routing');
    assert.match(incident.errorMessage, /amount/);
    assert.equal(incident.state, 'ACTIVE');
    const instance = ok(await ctx.api.get(`/v2/process-instances/${key}`));
    assert.equal(instance.state, 'ACTIVE');
    assert.equal(instance.hasIncident, true);
    const [gateway] = await elementsOf(ctx.api, key, 'route');
    assert.equal(gateway.state, 'ACTIVE');
    assert.equal(gateway.incidentKey, incident.incidentKey);
    // and incidents search filters by error type
    const byType = await search(ctx.api, 'incidents', {
      errorType: 'EXTRACT_VALUE_ERROR',
      processInstanceKey: key,
    });
    assert.deepEqual(
      byType.map((i) => i.incidentKey),
      [incident.incidentKey],
    );
  });

  it('continues the instance once the variable is set and the incident resolved', async () => {
    // given an instance stuck at the gateway
    const key = await startInstance(ctx.api, 'routing', {});
    const [incident] = await incidentsOf(ctx.api, key);
    // when an operator sets the missing variable on the instance and resolves the incident
    ok(
      await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, { variables: { amount: 500 } }),
      204,
    );
    ok(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`), 204);
    // then the gateway routes the token and the instance completes through the big-order end
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual(
      (await elementsOf(ctx.api, key, 'big-order')).map((e) => e.state),
      ['COMPLETED'],
    );
    assert.deepEqual(await elementsOf(ctx.api, key, 'small-order'), []);
    // and the incident is resolved, the instance no longer flagged
    assert.equal(ok(await ctx.api.get(`/v2/incidents/${incident.incidentKey}`)).state, 'RESOLVED');
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${key}`)).hasIncident, false);
  });

  it('raises a new incident when resolved without fixing the cause', async () => {
    // given an instance stuck at the gateway
    const key = await startInstance(ctx.api, 'routing', {});
    const [first] = await incidentsOf(ctx.api, key);
    // when the incident is resolved but the variable is still missing
    ok(await ctx.api.post(`/v2/incidents/${first.incidentKey}/resolution`), 204);
    // then a new incident is raised and the instance is still active
    const [second] = await ctx.api.until(
      async () => {
        const items = await search(ctx.api, 'incidents', { processInstanceKey: key, state: 'ACTIVE' });
        return items.some((i) => i.incidentKey !== first.incidentKey) ? items : undefined;
      },
      10_000,
      'a new incident',
    );
    assert.notEqual(second.incidentKey, first.incidentKey);
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${key}`)).state, 'ACTIVE');
  });

  it('answers 404 problems for unknown incidents', async () => {
    assertProblem(await ctx.api.get('/v2/incidents/999999999'), 404);
    assertProblem(await ctx.api.post('/v2/incidents/999999999/resolution'), 404);
  });
});

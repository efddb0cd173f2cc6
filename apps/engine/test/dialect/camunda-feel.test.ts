import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activateJobOf, deployed, engineForFile, incidentsOf, ok, startInstance, untilState, variablesOf } from '../api/support';
import { camunda8 } from './support';

describe("Camunda 8.8's FEEL: extension functions, backtick names, multi-line strings, null for missing variables", () => {
  const ctx = engineForFile('dialect_feel');

  it('runs a diagram using them, as Camunda 8 would', async () => {
    await deployed(ctx.api, { name: 'camunda-feel.bpmn', content: camunda8('camunda-feel.bpmn') });
    const key = await startInstance(ctx.api, 'camunda-feel', { 'customer name': '  Ada  ', amount: 5 });
    // then the worker sees the missing customer's discount as null, not an incident
    const job = await activateJobOf(ctx.api, 'use-feel', key);
    assert.equal(job.variables.discount, null);
    assert.equal(job.variables.name, 'Ada');
    const { id, ...prepared } = (await variablesOf(ctx.api, key)).prepared as Record<string, unknown>;
    assert.match(String(id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(prepared, {
      lucky: true,
      tags: '[a, b]',
      name: 'Ada',
      chunks: [[1, 2], [3, 4], [5]],
      dupes: [2, 3],
      note: 'none',
      defined: false,
      encoded: 'T3NwcmV5',
      lastDay: '2028-02-29',
      empty: true,
      greeting: 'Hello\nworld',
      double: 42,
    });
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, {}), 204);
    await untilState(ctx.api, key, 'COMPLETED');
  });

  it('draws a new uuid for every instance', async () => {
    const ids = new Set<unknown>();
    for (const n of [1, 2, 3]) {
      const key = await startInstance(ctx.api, 'camunda-feel', { 'customer name': `c${n}`, amount: n });
      await activateJobOf(ctx.api, 'use-feel', key);
      ids.add(((await variablesOf(ctx.api, key)).prepared as { id: string }).id);
    }
    assert.equal(ids.size, 3);
  });

  it('raises an incident with the cause when an assert fails', async () => {
    const key = await startInstance(ctx.api, 'camunda-feel', { 'customer name': 'Bo', amount: 0 });
    const job = await activateJobOf(ctx.api, 'use-feel', key);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, {}), 204);
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(incident.elementId, 'Activity_check');
    assert.match(incident.errorMessage, /amount must be positive/);
  });
});

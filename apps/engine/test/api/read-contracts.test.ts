import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FormatRegistry } from '@sinclair/typebox';
import {
  DecisionDefinition,
  DecisionInstance,
  DecisionInstanceDetail,
  DecisionRequirements,
  ElementInstance,
  HistoryRecord,
  Incident,
  Job,
  ProcessDefinition,
  ProcessInstance,
  UserTask,
  Variable,
  problemsOf,
} from '@osprey/contracts';
import { ruleProcess } from '../decisions/rule-process';
import { activateJobOf, deployed, engineForFile, fixture, incidentsOf, ok, oneTaskProcess, search, startInstance, untilState, userTaskOf } from './support';

/**
 * What the engine answers on its read routes is what their contracts say, required fields
 * included: the web app and the client type these answers with the same schemas.
 */
// Answers carry instants; the contracts' checker knows no formats of its own.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (value) => ISO_INSTANT.test(value));

describe('read answers and their contracts', () => {
  const ctx = engineForFile('api_read_contracts');

  const conforms = (schema: Parameters<typeof problemsOf>[0], items: unknown[], what: string) => {
    assert.ok(items.length > 0, `expected some ${what}`);
    for (const item of items) assert.deepEqual(problemsOf(schema, item, what), [], JSON.stringify(item));
  };

  // Given a definition without a name, an instance that completed, one stopped at an incident,
  // and one that evaluated a decision and waits at a user task with a null variable.
  before(async () => {
    await deployed(ctx.api, { name: 'work.bpmn', content: oneTaskProcess('read-work', 'read-work') });
    await deployed(
      ctx.api,
      { name: 'discount.dmn', content: fixture('discount.dmn') },
      { name: 'order.bpmn', content: ruleProcess('read-discount', 'decisionId="discount" resultVariable="discount"') },
    );
    const done = await startInstance(ctx.api, 'read-work');
    ok(await ctx.api.post(`/v2/jobs/${(await activateJobOf(ctx.api, 'read-work', done)).jobKey}/completion`, {}), 204);
    await untilState(ctx.api, done, 'COMPLETED');
    const failing = await startInstance(ctx.api, 'read-work');
    const job = await activateJobOf(ctx.api, 'read-work', failing);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/failure`, { retries: 0, errorMessage: 'down' }), 204);
    await incidentsOf(ctx.api, failing);
    const review = await startInstance(ctx.api, 'read-discount', { customer: { orders: 60 }, amount: 2500, note: null });
    await userTaskOf(ctx.api, review);
  });

  it('answers process definitions, instances and incidents with every field their contracts require', async () => {
    conforms(ProcessDefinition, await search(ctx.api, 'process-definitions', {}), 'process definition');
    const instances = await search(ctx.api, 'process-instances', {});
    conforms(ProcessInstance, instances, 'process instance');
    conforms(ProcessInstance, [ok(await ctx.api.get(`/v2/process-instances/${instances[0].processInstanceKey}`))], 'process instance');
    const incidents = await search(ctx.api, 'incidents', {});
    conforms(Incident, incidents, 'incident');
    conforms(Incident, [ok(await ctx.api.get(`/v2/incidents/${incidents[0].incidentKey}`))], 'incident');
  });

  it('answers element instances, variables, jobs and user tasks with every field their contracts require', async () => {
    const elements = await search(ctx.api, 'element-instances', {});
    conforms(ElementInstance, elements, 'element instance');
    conforms(ElementInstance, [ok(await ctx.api.get(`/v2/element-instances/${elements[0].elementInstanceKey}`))], 'element instance');
    const variables = await search(ctx.api, 'variables', {});
    conforms(Variable, variables, 'variable');
    conforms(Variable, [ok(await ctx.api.get(`/v2/variables/${variables[0].variableKey}`))], 'variable');
    conforms(Job, await search(ctx.api, 'jobs', {}), 'job');
    const tasks = await search(ctx.api, 'user-tasks', {});
    conforms(UserTask, tasks, 'user task');
    conforms(UserTask, [ok(await ctx.api.get(`/v2/user-tasks/${tasks[0].userTaskKey}`))], 'user task');
    conforms(Variable, ok(await ctx.api.post(`/v2/user-tasks/${tasks[0].userTaskKey}/variables/search`, {})).items, 'variable');
  });

  it("answers an instance's history with records of the history contract", async () => {
    for (const { processInstanceKey } of await search(ctx.api, 'process-instances', {})) {
      const history = ok(await ctx.api.post(`/v2/osprey/process-instances/${processInstanceKey}/history`, {}));
      conforms(HistoryRecord, history.items, 'history record');
    }
  });

  it('answers decision definitions, requirements and instances with every field their contracts require', async () => {
    conforms(DecisionDefinition, await search(ctx.api, 'decision-definitions', {}), 'decision definition');
    conforms(DecisionRequirements, await search(ctx.api, 'decision-requirements', {}), 'decision requirements');
    const instances = await search(ctx.api, 'decision-instances', {});
    conforms(DecisionInstance, instances, 'decision instance');
    const detail = ok(await ctx.api.get(`/v2/decision-instances/${instances[0].decisionEvaluationInstanceKey}`));
    conforms(DecisionInstanceDetail, [detail], 'decision instance');
  });
});

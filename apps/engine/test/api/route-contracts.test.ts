import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, deployed, engineForFile, fixture, ok, oneTaskProcess, startInstance, userTaskOf, variablesOf } from './support';

/**
 * The user-task, element-instance, instance-change, identity and search routes read their bodies
 * against their contracts: a field of the wrong type is one 400 problem naming it, and nothing
 * changes.
 */
describe('route contracts: a body that breaks its contract is a 400 naming the field', () => {
  const ctx = engineForFile('api_route_contracts');
  let instanceKey: string;
  let taskPath: string;

  before(async () => {
    await deployed(ctx.api, { name: 'approval.bpmn', content: fixture('approval.bpmn') }, { name: 'approval.form', content: fixture('approval.form') });
    instanceKey = await startInstance(ctx.api, 'approval', { orderId: 'C-1' });
    taskPath = `/v2/user-tasks/${(await userTaskOf(ctx.api, instanceKey)).userTaskKey}`;
  });

  it('refuses an assignment whose assignee is a number and leaves the task unassigned', async () => {
    // when an inbox sends the assignee as a number
    const res = await ctx.api.post(`${taskPath}/assignment`, { assignee: 42, allowOverride: 'yes' });
    // then one problem names both fields, and the task is still nobody's
    assertProblem(res, 400, /assignee: Expected a string, but found 42/, /allowOverride: Expected a boolean, but found "yes"/);
    assert.deepEqual(res.body.errors.length, 2, JSON.stringify(res.body));
    assert.equal(ok(await ctx.api.get(taskPath)).assignee, undefined);
    // and the same request with a string assignee claims it
    ok(await ctx.api.post(`${taskPath}/assignment`, { assignee: 'anna' }), 204);
    assert.equal(ok(await ctx.api.get(taskPath)).assignee, 'anna');
  });

  it('refuses a changeset with a priority as text or a date that is no date, on both update paths', async () => {
    for (const path of [taskPath, `${taskPath}/update`]) {
      assertProblem(await ctx.api.request('PATCH', path, { changeset: { priority: 'high' } }), 400, /changeset\.priority: Expected an integer/);
      assertProblem(await ctx.api.request('PATCH', path, { changeset: { candidateGroups: 'managers' } }), 400, /changeset\.candidateGroups: Expected an array/);
      assertProblem(await ctx.api.request('PATCH', path, { changeset: { dueDate: 'tomorrow', followUpDate: 'later' } }), 400, /changeset\.dueDate: Expected an ISO 8601 date-time/, /changeset\.followUpDate/);
    }
    assert.equal(ok(await ctx.api.get(taskPath)).priority, 50);
    // while a valid changeset, with a null Camunda's clients send for "unchanged" candidates, applies
    ok(await ctx.api.request('PATCH', taskPath, { changeset: { priority: 80, candidateUsers: null, dueDate: '2030-01-02T03:04:05Z' } }), 204);
    const task = ok(await ctx.api.get(taskPath));
    assert.equal(task.priority, 80);
    assert.equal(Date.parse(task.dueDate), Date.parse('2030-01-02T03:04:05Z'));
  });

  it('refuses a completion whose variables are an array, and the task stays open', async () => {
    assertProblem(await ctx.api.post(`${taskPath}/completion`, { variables: [1, 2] }), 400, /variables: Expected an object of variables, but found an array/);
    assert.equal(ok(await ctx.api.get(taskPath)).state, 'CREATED');
  });

  it('refuses variables set with a local flag as text, and the scope keeps its variables', async () => {
    const res = await ctx.api.request('PUT', `/v2/element-instances/${instanceKey}/variables`, { variables: { orderId: 'X' }, local: 'true' });
    assertProblem(res, 400, /local: Expected a boolean, but found "true"/);
    assert.equal((await variablesOf(ctx.api, instanceKey)).orderId, 'C-1');
  });

  it('names the field inside an instruction list: ad-hoc activation, modification, migration', async () => {
    assertProblem(
      await ctx.api.post(`/v2/element-instances/ad-hoc-activities/${instanceKey}/activation`, { elements: [{ elementId: 7 }] }),
      400,
      /elements\.0\.elementId: Expected a string, but found 7/,
    );
    assertProblem(
      await ctx.api.post(`/v2/process-instances/${instanceKey}/modification`, { terminateInstructions: [{ elementInstanceKey: 'review' }] }),
      400,
      /terminateInstructions\.0\.elementInstanceKey: Expected a key/,
    );
    assertProblem(
      await ctx.api.post(`/v2/process-instances/${instanceKey}/modification`, { activateInstructions: [{ elementId: 'review', ancestorElementInstanceKey: '-2' }] }),
      400,
      /activateInstructions\.0\.ancestorElementInstanceKey: Expected a key \(a string of digits\), or -1 for none, but found "-2"/,
    );
    assertProblem(
      await ctx.api.post(`/v2/process-instances/${instanceKey}/modification`, { activateInstructions: [{ elementId: 'review', variableInstructions: [{ variables: 'x' }] }] }),
      400,
      /activateInstructions\.0\.variableInstructions\.0\.variables: Expected an object of variables/,
    );
    assertProblem(await ctx.api.post(`/v2/process-instances/${instanceKey}/modification`, {}), 400, /Expected at least one activate or terminate instruction/);
    assertProblem(
      await ctx.api.post(`/v2/process-instances/${instanceKey}/migration`, { targetProcessDefinitionKey: true, mappingInstructions: [{ sourceElementId: 'review' }] }),
      400,
      /targetProcessDefinitionKey: Expected a key/,
      /mappingInstructions\.0\.targetElementId: Expected a string, but it is missing/,
    );
    assertProblem(
      await ctx.api.post('/v2/process-instances/migration', { filter: { processDefinitionId: 'approval', processDefinitionVersion: 0 }, targetProcessDefinitionKey: '1' }),
      400,
      /filter\.processDefinitionVersion: Expected an integer of at least 1, but found 0/,
    );
    assertProblem(await ctx.api.post('/v2/process-instances/migration', { filter: {}, targetProcessDefinitionKey: '1' }), 400, /filter: Expected processDefinitionKey, or processDefinitionId and processDefinitionVersion/);
    // and the instance still waits at its task
    assert.equal(ok(await ctx.api.get(taskPath)).state, 'CREATED');
  });

  it('reads a key given as a number, and -1 as "no ancestor", in a modification', async () => {
    // given an instance of a one-task process waiting at its job
    await deployed(ctx.api, { name: 'ship.bpmn', content: oneTaskProcess('ship', 'ship-parcel') });
    const key = await startInstance(ctx.api, 'ship', {});
    const [job] = ok(await ctx.api.post('/v2/jobs/search', { filter: { processInstanceKey: key } })).items;
    // when the modification names the element instance with a JSON number, and its activation
    // carries the ancestor Camunda's clients send by default
    const modification = {
      terminateInstructions: [{ elementInstanceKey: Number(job.elementInstanceKey) }],
      activateInstructions: [{ elementId: 'task', ancestorElementInstanceKey: '-1' }],
    };
    ok(await ctx.api.post(`/v2/process-instances/${key}/modification`, modification), 204);
    // then the old job is gone and a new one waits
    const jobs = ok(await ctx.api.post('/v2/jobs/search', { filter: { processInstanceKey: key } })).items;
    assert.equal(jobs.length, 1, JSON.stringify(jobs));
    assert.notEqual(jobs[0].jobKey, job.jobKey);
  });

  it('refuses a search envelope of the wrong shape on the job, user-task, element-instance, variable and user searches', async () => {
    for (const entity of ['jobs', 'user-tasks', 'element-instances', 'variables', 'users']) {
      assertProblem(await ctx.api.post(`/v2/${entity}/search`, { page: { limit: 'ten' } }), 400, /page\.limit: Expected an integer between 0 and 1000, but found "ten"/);
    }
    assertProblem(await ctx.api.post(`${taskPath}/variables/search`, { sort: 'name' }), 400, /sort: Expected an array of \{ field, order \} objects/);
  });

  it('refuses a sign-in whose password is missing, naming it', async () => {
    assertProblem(await ctx.api.post('/v2/osprey/sign-in', { username: 'anna' }), 400, /password: Expected a string, but it is missing/);
  });

  it('documents in /v2/api-docs the bodies it enforces', async () => {
    const doc = ok(await ctx.api.get('/v2/api-docs'));
    const assign = doc.paths['/v2/user-tasks/{userTaskKey}/assignment'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(assign.required, ['assignee']);
    assert.equal(assign.properties.allowOverride.type, 'boolean');
    const migrate = doc.paths['/v2/process-instances/{processInstanceKey}/migration'].post;
    assert.ok(migrate.responses['200'] && migrate.responses['204'], 'a dry run answers 200, a migration 204');
    const topology = doc.paths['/v2/topology'].get;
    assert.deepEqual(topology.security, []);
    assert.ok(topology.responses['200'].content['application/json'].schema.required.includes('brokers'));
  });
});

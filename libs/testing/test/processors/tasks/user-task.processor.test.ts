import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, lines, onlyIncident } from '../../support';

describe('UserTaskProcessor', () => {
  it('given a user task with static assignment, when activated, then USER_TASK CREATED carries it with the default priority', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('approve', {
          name: 'Approve order',
          assignee: 'ada',
          candidateGroups: 'sales, support',
          formKey: 'camunda-forms:bpmn:approve',
          dueDate: '2026-02-01T12:00:00Z',
        })
        .endEvent('e')
        .build(),
    );

    engine.createInstance('p');

    const [task] = engine.userTasks();
    assert.ok(task);
    assert.equal(task.name, 'Approve order');
    assert.equal(task.assignee, 'ada');
    assert.deepEqual(task.candidateGroups, ['sales', 'support']);
    assert.deepEqual(task.candidateUsers, []);
    assert.equal(task.formKey, 'camunda-forms:bpmn:approve');
    assert.equal(task.dueDate, '2026-02-01T12:00:00.000Z');
    assert.equal(task.priority, 50);
  });

  it('given FEEL assignment, when activated, then lists, strings and dates are evaluated and normalised', async () => {
    const engine = new InMemoryEngine({ now: '2026-01-01T00:00:00Z' });
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('approve', {
          assignee: '=owner',
          candidateUsers: '=["bob", "eve"]',
          candidateGroups: '=groups',
          followUpDate: '=now() + duration("P1D")',
          priority: '=if urgent then 90 else 10',
        })
        .build(),
    );

    engine.createInstance('p', { owner: 'ada', groups: 'managers,finance', urgent: true });

    const [task] = engine.userTasks();
    assert.equal(task?.assignee, 'ada');
    assert.deepEqual(task?.candidateUsers, ['bob', 'eve']);
    assert.deepEqual(task?.candidateGroups, ['managers', 'finance']);
    assert.equal(task?.followUpDate, '2026-01-02T00:00:00.000Z');
    assert.equal(task?.priority, 90);
  });

  it('given an open user task, when completed, then its variables propagate and the task completes', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await createProcess('p').startEvent('s').userTask('approve').endEvent('e').build());
    const pik = engine.createInstance('p');

    engine.completeUserTask(engine.userTasks()[0]!.key, { approved: true });

    assert.equal(lines(engine.lastRecords())[0], 'USER_TASK COMPLETED approve');
    assert.deepEqual(engine.variables(pik), { approved: true });
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given a job-based user task, when activated, then a job of type io.camunda.zeebe:userTask is created', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p').startEvent('s').userTask('approve', { jobBased: true }).endEvent('e').build(),
    );
    const pik = engine.createInstance('p');

    const [job] = engine.jobs({ type: 'io.camunda.zeebe:userTask' });
    engine.completeJob(job!.key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given an assignee expression that fails, when activated, then an EXTRACT_VALUE_ERROR incident is raised', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p').startEvent('s').userTask('approve', { assignee: '=assert(missing.person, missing != null)' }).build(),
    );

    const pik = engine.createInstance('p');

    assert.equal(onlyIncident(engine, pik).errorType, 'EXTRACT_VALUE_ERROR');
    assert.equal(engine.userTasks().length, 0);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migratedTestDatabase, oneTaskProcess, type TestDatabase } from '@osprey/testing';
import { OspreyEngine } from '../src';

/**
 * An order as Camunda Modeler draws one: a payment task that a one-hour boundary timer would
 * cancel, a shipping task, then a wait for the carrier's message. Completing the payment deletes
 * the timer and the job, the message deletes the subscription.
 */
const ORDER = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="store_plans_order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="pay"><bpmn:extensionElements><zeebe:taskDefinition type="plans-pay" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:boundaryEvent id="too-slow" attachedToRef="pay"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:serviceTask id="ship"><bpmn:extensionElements><zeebe:taskDefinition type="plans-ship" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="delivered"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="cancelled" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pay" />
    <bpmn:sequenceFlow id="f2" sourceRef="pay" targetRef="ship" />
    <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="delivered" />
    <bpmn:sequenceFlow id="f4" sourceRef="delivered" targetRef="end" />
    <bpmn:sequenceFlow id="f5" sourceRef="too-slow" targetRef="cancelled" />
  </bpmn:process>
  <bpmn:message id="m" name="plans-delivered"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

/** Orders run through; PostgreSQL decides between a generic and a custom plan after five executions. */
const ORDERS = 12;

/**
 * Other work waiting: a backlog of jobs of another kind. The plans' costs depend on the tables'
 * sizes; on near-empty tables every plan is cheap and the difference never shows.
 */
const BACKLOG = 1_500;

/**
 * PostgreSQL plans a prepared statement for its actual values five times, then keeps one generic
 * plan unless that costs more; when it does, the statement is planned anew on every execution,
 * which on a job completion was a sixth of the database's CPU per job (ADR 0032). Every command
 * statement must keep its generic plan, whatever the shape of the process.
 */
describe('command statements on a cached generic plan', () => {
  let db: TestDatabase;
  let engine: OspreyEngine;

  before(async () => {
    db = await migratedTestDatabase('store_generic_plans');
    // One connection, so every command below prepares its statements where the test reads them.
    engine = await OspreyEngine.open({ kind: 'server', url: db.url, poolSize: 1 }, { migrate: false });
    await engine.deployments.deploy([
      { name: 'store-plans-order.bpmn', content: Buffer.from(ORDER) },
      { name: 'store-plans-invoice.bpmn', content: Buffer.from(oneTaskProcess('store_plans_invoice', 'plans-invoice')) },
    ]);
    for (let i = 0; i < BACKLOG; i++) await engine.instances.start({ definition: { processDefinitionId: 'store_plans_invoice' } });
  });

  after(async () => {
    await engine?.close();
    await db?.drop();
  });

  /** Activates the one job of `type` for `pik` and completes it. */
  async function work(type: string, pik: string): Promise<void> {
    const jobs = await engine.jobs.activate({ type, timeout: 60_000, maxJobsToActivate: 1 });
    assert.equal(jobs[0]?.processInstanceKey, pik, `Expected the ${type} job of instance ${pik}`);
    await engine.jobs.complete(jobs[0]!.jobKey, { done: type });
  }

  it('plans each statement of starts, job completions and correlations at most six times', async () => {
    // given orders that each pay (deleting its timer), ship and get delivered
    for (let i = 0; i < ORDERS; i++) {
      const orderId = `order-${i}`;
      const { processInstanceKey: pik } = await engine.instances.start({ definition: { processDefinitionId: 'store_plans_order' }, variables: { orderId } });
      await work('plans-pay', pik);
      await work('plans-ship', pik);
      await engine.messages.correlate({ name: 'plans-delivered', correlationKey: orderId });
      const [row] = await engine.db.rows<{ state: string }>(`SELECT state FROM process_instance WHERE key = $1`, [pik]);
      assert.equal(row?.state, 'COMPLETED');
    }

    // when the one connection's prepared statements are read
    const statements = await engine.db.rows<{ statement: string; generic: number; custom: number }>(
      `SELECT statement, generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE generic_plans + custom_plans >= $1`,
      [ORDERS],
    );

    // then the commands ran on prepared statements, and none was planned for its values more than
    // the five trials before PostgreSQL keeps a generic plan
    assert.ok(statements.length >= 4, `Expected the commands' statements to be prepared, but found ${statements.length}`);
    // The activation is left out: it picks jobs by type, and once autovacuum has analysed the job
    // table (whether it did during the backlog varies) PostgreSQL plans it for each type's share
    // of the rows, which is the better plan there.
    const commands = statements.filter((s) => !/FROM job\s+WHERE type = \$1/.test(s.statement));
    const replanned = commands.filter((s) => s.custom > 5).map((s) => `${s.custom} custom plans: ${s.statement.replace(/\s+/g, ' ').slice(0, 160)}`);
    assert.deepEqual(replanned, []);
  });
});

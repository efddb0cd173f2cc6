import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { RunningEngine } from '../../src/server';
import type { TestDatabase } from '@osprey/testing';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';

const THIRTY_DAYS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="wait-30-days" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** A 30-day timer is a row: it survives restarts and fires once when its due time comes. */
describe('a 30-day timer', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let pg: Client;

  before(async () => {
    db = await freshDatabase('timer30');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  after(async () => {
    await engine?.stop();
    await pg?.end();
    await db?.drop();
  });

  it('survives restarts and fires exactly once', async () => {
    // given an instance waiting 30 days
    engine = await bootEngine({ DATABASE_URL: db.url });
    let api = new Api(engine.url);
    await api.deploy({ name: 'wait.bpmn', content: THIRTY_DAYS });
    const key = (await api.post('/v2/process-instances', { processDefinitionId: 'wait-30-days' })).body.processInstanceKey;
    const timer = await pg.query(`SELECT extract(epoch FROM due_date - now())::float8 AS remaining FROM timer WHERE process_instance_key = $1`, [key]);
    assert.equal(timer.rows.length, 1);
    assert.ok(Math.abs(timer.rows[0].remaining - 30 * 86_400) < 60, `due in ${timer.rows[0].remaining} s`);
    // when the engine restarts twice
    for (let i = 0; i < 2; i++) {
      await engine.stop();
      engine = await bootEngine({ DATABASE_URL: db.url });
    }
    api = new Api(engine.url);
    // then the instance still waits
    assert.equal((await api.get(`/v2/process-instances/${key}`)).body.state, 'ACTIVE');
    // when its due time comes (the due date is moved instead of waiting 30 days)
    await pg.query(`UPDATE timer SET due_date = now() WHERE process_instance_key = $1`, [key]);
    // then it fires within a second and the instance completes
    const started = Date.now();
    await api.until(async () => (await api.get(`/v2/process-instances/${key}`)).body.state === 'COMPLETED', 5_000, 'the timer to fire');
    assert.ok(Date.now() - started < 1_500, 'fired within ~1 s of its due time');
    // and after another restart, it has fired exactly once
    await engine.stop();
    engine = await bootEngine({ DATABASE_URL: db.url });
    await new Promise((r) => setTimeout(r, 300));
    const fired = await pg.query(
      `SELECT count(*)::int AS n FROM history_entry WHERE process_instance_key = $1 AND value_type = 'TIMER' AND intent = 'TRIGGERED'`,
      [key],
    );
    assert.equal(fired.rows[0].n, 1);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { oneTaskProcess } from '../support/bpmn';
import { apiKey, authEngineForFile, type Caller } from '../auth/auth-fixtures';

const worker = apiKey({ id: 'group-worker', roles: ['worker'] });

/** start → parallel split → two service tasks → parallel join → end: two jobs of one instance. */
function twoParallelTasks(processId: string, type: string): string {
  const task = (id: string, incoming: string, outgoing: string) => `
    <bpmn:serviceTask id="${id}">
      <bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>
      <bpmn:incoming>${incoming}</bpmn:incoming><bpmn:outgoing>${outgoing}</bpmn:outgoing>
    </bpmn:serviceTask>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="defs_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>
    <bpmn:parallelGateway id="split"><bpmn:incoming>f0</bpmn:incoming><bpmn:outgoing>fa</bpmn:outgoing><bpmn:outgoing>fb</bpmn:outgoing></bpmn:parallelGateway>
    ${task('pack', 'fa', 'fa2')}
    ${task('bill', 'fb', 'fb2')}
    <bpmn:parallelGateway id="join"><bpmn:incoming>fa2</bpmn:incoming><bpmn:incoming>fb2</bpmn:incoming><bpmn:outgoing>f9</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:endEvent id="end"><bpmn:incoming>f9</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="split" />
    <bpmn:sequenceFlow id="fa" sourceRef="split" targetRef="pack" />
    <bpmn:sequenceFlow id="fb" sourceRef="split" targetRef="bill" />
    <bpmn:sequenceFlow id="fa2" sourceRef="pack" targetRef="join" />
    <bpmn:sequenceFlow id="fb2" sourceRef="bill" targetRef="join" />
    <bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

/**
 * Job answers, and starts, that arrive together share a transaction (group commit, ADR 0034).
 * What a caller sees must not change: every request gets the answer it would get alone, and
 * keeps its own audit entry, in the transaction of its change.
 */
describe('jobs and starts sent together', () => {
  let client: pg.Client | undefined;
  // Registered first so it runs before the engine's: the database is dropped after this.
  after(async () => {
    await client?.end();
  });
  // A small limit on a variable's size, checked as a command runs: one command of a group can fail.
  const ctx = authEngineForFile('group_commit', [worker.config], { OSPREY_MAX_VARIABLE_BYTES: '1024' });
  let admin: Caller;
  let workerApi: Caller;
  let db: pg.Client;

  before(async () => {
    client = db = new pg.Client({ connectionString: ctx.db.url });
    await client.connect();
    admin = await ctx.user('ada', ['admin']);
    workerApi = ctx.caller({ apiKey: worker.key });
  });

  /** Deploys `bpmn`, starts `count` instances of `processId` and activates all `expected` jobs of `type`. */
  async function activated(processId: string, type: string, bpmn: string, count: number, expected = count): Promise<any[]> {
    assert.equal((await admin.deploy(`${processId}.bpmn`, bpmn)).status, 200);
    for (let i = 0; i < count; i++) {
      const res = await admin.call('POST', '/v2/process-instances', { processDefinitionId: processId, variables: { n: i } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const jobs: any[] = [];
    for (let round = 0; jobs.length < expected && round < 50; round++) {
      const res = await workerApi.call('POST', '/v2/jobs/activation', { type, worker: 'w', maxJobsToActivate: expected, timeout: 60_000, requestTimeout: 1_000 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      jobs.push(...res.body.jobs);
    }
    assert.equal(jobs.length, expected);
    return jobs;
  }

  const complete = (jobKey: string, body: object = {}) => workerApi.call('POST', `/v2/jobs/${jobKey}/completion`, body);
  const stateOf = async (key: string) => (await admin.call('GET', `/v2/process-instances/${key}`)).body.state;
  /** An instance's variables, as the variables search shows them (ended instances too). */
  const variablesOf = async (processInstanceKey: string): Promise<Record<string, unknown>> => {
    const res = await admin.call('POST', '/v2/variables/search', { filter: { processInstanceKey }, page: { limit: 100 } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return Object.fromEntries(res.body.items.map((v: any) => [v.name, JSON.parse(v.value)]));
  };

  it('completes every job, each request with its own audit entry, in fewer transactions than requests', async () => {
    // given 24 instances waiting at a service task, their jobs activated
    const jobs = await activated('grouped', 'grouped-work', oneTaskProcess('grouped', 'grouped-work'), 24);
    // when a worker completes all of them at once, each with a variable of its own
    const answers = await Promise.all(jobs.map((job) => complete(job.jobKey, { variables: { packedBy: `w-${job.variables.n}` } })));
    // then every completion succeeds and every instance has ended with its own variable
    assert.deepEqual(answers.map((r) => r.status), jobs.map(() => 204));
    for (const job of jobs) {
      assert.equal(await stateOf(job.processInstanceKey), 'COMPLETED');
      assert.equal((await variablesOf(job.processInstanceKey)).packedBy, `w-${job.variables.n}`);
    }
    // and each request has one audit entry naming its job, written in the transaction of its change
    const entries = await db.query(
      `SELECT targets->>'key' AS "jobKey", xid::text AS xid FROM audit_entry WHERE operation = 'POST /v2/jobs/:key/completion' AND actor_id = 'group-worker'`,
    );
    assert.deepEqual(entries.rows.map((e) => e.jobKey).sort(), jobs.map((j) => j.jobKey).sort());
    // and requests that arrived together shared a transaction (one commit for several answers)
    const transactions = new Set(entries.rows.map((e) => e.xid));
    assert.ok(transactions.size < jobs.length, `24 completions in ${transactions.size} transactions`);
  });

  it('answers two jobs of one instance sent together as if one came after the other', async () => {
    // given 8 instances, each waiting at two parallel service tasks, all 16 jobs activated
    const jobs = await activated('forked', 'forked-work', twoParallelTasks('forked', 'forked-work'), 8, 16);
    // when all 16 are completed at once
    const answers = await Promise.all(jobs.map((job) => complete(job.jobKey, { variables: { [`${job.elementId}Done`]: true } })));
    // then each succeeds, and every instance passed its join and ended with both tasks' variables
    assert.deepEqual(answers.map((r) => r.status), jobs.map(() => 204));
    const instances = [...new Set(jobs.map((j) => j.processInstanceKey))];
    assert.equal(instances.length, 8);
    for (const key of instances) {
      assert.equal(await stateOf(key), 'COMPLETED', `instance ${key}`);
      const variables = await variablesOf(key);
      assert.deepEqual([variables.packDone, variables.billDone], [true, true], `instance ${key}`);
    }
  });

  it('refuses an answer of a group alone, and a command that fails as it runs fails alone', async () => {
    // given 10 instances waiting at a service task, their jobs activated
    const jobs = await activated('mixed', 'mixed-work', oneTaskProcess('mixed', 'mixed-work'), 10);
    const [twice, stale, tooBig, ...plain] = jobs;
    // when, all at once, one job is completed twice, one with an attempt it never had, one with
    // a variable over the size limit, a key that does not exist, and the rest plainly
    const [first, second, superseded, over, missing, ...rest] = await Promise.all([
      complete(twice.jobKey),
      complete(twice.jobKey),
      complete(stale.jobKey, { attempt: stale.attempt + 1 }),
      complete(tooBig.jobKey, { variables: { blob: 'x'.repeat(3000) } }),
      complete('2251799813999999'),
      ...plain.map((job) => complete(job.jobKey)),
    ]);
    // then the doubled job is completed once and the second answer finds it already completed
    assert.deepEqual([first!.status, second!.status].sort(), [204, 409]);
    // and the stale attempt, the oversized variables and the unknown key each get their own problem
    assert.equal(superseded!.status, 409, JSON.stringify(superseded!.body));
    assert.match(superseded!.body.detail, /attempt/);
    assert.equal(over!.status, 413, JSON.stringify(over!.body));
    assert.equal(missing!.status, 404);
    // and every other answer succeeded, its instance ended
    assert.deepEqual(rest.map((r) => r.status), plain.map(() => 204));
    for (const job of [twice, ...plain]) assert.equal(await stateOf(job.processInstanceKey), 'COMPLETED');
    // and the refused ones left their instances waiting, their jobs still to be completed
    for (const job of [stale, tooBig]) assert.equal(await stateOf(job.processInstanceKey), 'ACTIVE');
    assert.equal((await complete(stale.jobKey, { attempt: stale.attempt })).status, 204);
    assert.equal((await complete(tooBig.jobKey, { variables: { blob: 'small' } })).status, 204);
  });

  it('starts every instance of starts sent together, each with its own variables and audit entry, and refuses a bad one alone', async () => {
    // given a deployed one-task process
    assert.equal((await admin.deploy('together.bpmn', oneTaskProcess('together', 'together-work'))).status, 200);
    // when 24 starts are sent at once, with one of a process that does not exist among them
    const sent = Array.from({ length: 24 }, (_, n) => admin.call('POST', '/v2/process-instances', { processDefinitionId: 'together', variables: { n } }));
    const [answers, missing] = await Promise.all([Promise.all(sent), admin.call('POST', '/v2/process-instances', { processDefinitionId: 'nowhere' })]);
    // then each start answers with an instance of its own, holding its own variables
    assert.deepEqual(answers.map((r) => r.status), answers.map(() => 200));
    const keys = answers.map((r) => r.body.processInstanceKey);
    assert.equal(new Set(keys).size, 24);
    for (const [n, key] of keys.entries()) {
      assert.equal(await stateOf(key), 'ACTIVE');
      assert.equal((await variablesOf(key)).n, n);
    }
    // and the start of the missing process gets its own 404
    assert.equal(missing.status, 404, JSON.stringify(missing.body));
    // and each started instance has its own audit entry, in the transaction that created it:
    // as many entries as instances in each transaction, and starts that arrived together shared one
    const instances = await db.query(
      `SELECT xmin::text AS xid, count(*)::int AS n FROM process_instance WHERE key = ANY($1::bigint[]) GROUP BY xmin`,
      [keys],
    );
    const entries = await db.query(
      `SELECT (xid::text::bigint % 4294967296)::text AS xid, count(*)::int AS n FROM audit_entry
        WHERE operation = 'POST /v2/process-instances' AND actor_id = 'ada' AND (xid::text::bigint % 4294967296)::text = ANY($1::text[])
        GROUP BY 1`,
      [instances.rows.map((r) => r.xid)],
    );
    const perTransaction = (rows: { xid: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.xid, r.n]));
    assert.deepEqual(perTransaction(entries.rows), perTransaction(instances.rows));
    assert.ok(instances.rows.length < 24, `24 starts in ${instances.rows.length} transactions`);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { oneTaskProcess } from '../support/bpmn';
import { apiKey, assertDenied, authEngineForFile, type Caller } from '../auth/auth-fixtures';

const worker = apiKey({ id: 'audit-worker', roles: ['worker'] });

/** The same 32-bit transaction id as a row's `xmin`: proves the entry and the change share a transaction. */
const SAME_TRANSACTION = `(a.xid::text::bigint % 4294967296)::text = t.xmin::text`;

describe('the audit log', () => {
  let client: pg.Client | undefined;
  // Registered first so it runs before the engine's: the database is dropped after this.
  after(async () => {
    await client?.end();
  });
  const ctx = authEngineForFile('audit_log', [worker.config]);
  let admin: Caller;
  let viewer: Caller;
  const started = new Date(Date.now() - 1000).toISOString();

  let db: pg.Client;
  before(async () => {
    client = db = new pg.Client({ connectionString: ctx.db.url });
    await client.connect();
  });

  const entries = async (operation: string) => (await admin.call('POST', '/v2/audit/search', { filter: { operation } })).body.items as any[];
  const verify = async () => (await admin.call('GET', '/v2/audit/verify')).body;
  const sealed = () => waitFor(async () => (await verify()).unsealed === 0, 'every entry sealed');

  let deployment: { status: number; body: any };
  let start: { status: number; body: any };
  /** Audit entries of the start that share its transaction, counted before the job's completion touches the row. */
  let startEntries: { id: string }[];
  let completion: { status: number; jobKey: string };

  // Given an admin, a viewer and a worker; when the admin deploys a process and starts it, and
  // the worker completes its job (each test below reads what one of these left).
  before(async () => {
    admin = await ctx.user('ada', ['admin']);
    viewer = await ctx.user('vic', ['viewer']);
    deployment = await admin.deploy('audited.bpmn', oneTaskProcess('audited', 'audit-work'));
    start = await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'audited', variables: { amount: 12, password: 'hunter2' } });
    startEntries = (
      await db.query(`SELECT a.id::text AS id FROM audit_entry a, process_instance t WHERE t.key = $1 AND ${SAME_TRANSACTION}`, [start.body.processInstanceKey])
    ).rows;
    const jobs = await ctx.caller({ apiKey: worker.key }).call('POST', '/v2/jobs/activation', { type: 'audit-work', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: -1 });
    const jobKey = jobs.body.jobs[0].jobKey;
    const res = await ctx.caller({ apiKey: worker.key }).call('POST', `/v2/jobs/${jobKey}/completion`, { variables: { ok: true } });
    completion = { status: res.status, jobKey };
  });

  it('a deployment leaves one entry, written in the deployment transaction', async () => {
    const res = deployment;
    assert.equal(res.status, 200);
    const [entry, ...more] = await entries('POST /v2/deployments');
    assert.equal(more.length, 0);
    assert.equal(entry.actorKind, 'oidc');
    assert.equal(entry.actorId, 'ada');
    assert.equal(entry.outcome, 'SUCCEEDED');
    assert.match(entry.ip, /127\.0\.0\.1/);
    assert.deepEqual(entry.summary, { body: 'multipart/form-data' });
    const same = await db.query(`SELECT ${SAME_TRANSACTION} AS same FROM audit_entry a, deployment t WHERE a.id = $1 AND t.key = $2`, [entry.id, res.body.deploymentKey]);
    assert.equal(same.rows[0].same, true);
  });

  it('a start leaves one entry in the start transaction, secrets redacted', async () => {
    const res = start;
    assert.equal(res.status, 200);
    assert.equal(startEntries.length, 1);
    const entry = (await entries('POST /v2/process-instances')).find((e) => e.id === startEntries[0]!.id);
    assert.equal(entry.actorId, 'ada');
    assert.equal(entry.outcome, 'SUCCEEDED');
    assert.deepEqual(entry.summary, { processDefinitionId: 'audited', variables: { amount: 12, password: '[REDACTED]' } });
  });

  it("keeps a change's operation reference in its entry, written in the change's transaction", async () => {
    // given a waiting instance of its own
    const instance = (await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'audited', variables: { amount: 1 } })).body.processInstanceKey as string;
    // when an operator sets a variable with Camunda's operationReference, as strict clients send it (an int64 string)
    const res = await admin.call('PUT', `/v2/element-instances/${instance}/variables`, { variables: { checked: true }, operationReference: '42' });
    assert.equal(res.status, 204);
    // then the entry names the reference, and the variable was written in its transaction
    const [entry, ...more] = await entries('PUT /v2/element-instances/:key/variables');
    assert.equal(more.length, 0);
    assert.equal(entry.summary.operationReference, '42');
    const same = await db.query(`SELECT ${SAME_TRANSACTION} AS same FROM audit_entry a, variable t WHERE a.id = $1 AND t.scope_key = $2 AND t.name = 'checked'`, [entry.id, instance]);
    assert.equal(same.rows[0].same, true);
    // and a reference that is no positive int64 is refused, naming the field
    const bad = await admin.call('PUT', `/v2/element-instances/${instance}/variables`, { variables: { checked: false }, operationReference: 0 });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /operationReference/);
  });

  it('a job completion by an API key leaves one entry naming the key and the job', async () => {
    const { status, jobKey } = completion;
    assert.equal(status, 204);
    const [entry, ...more] = await entries('POST /v2/jobs/:key/completion');
    assert.equal(more.length, 0);
    assert.equal(entry.actorKind, 'api-key');
    assert.equal(entry.actorId, 'audit-worker');
    assert.deepEqual(entry.targets, { key: jobKey });
    assert.equal(entry.outcome, 'SUCCEEDED');
    const same = await db.query(`SELECT ${SAME_TRANSACTION} AS same FROM audit_entry a, process_instance t WHERE a.id = $1 AND t.key = $2`, [entry.id, start.body.processInstanceKey]);
    assert.equal(same.rows[0].same, true);
    const byTarget = (await admin.call('POST', '/v2/audit/search', { filter: { targetKey: jobKey } })).body.items;
    assert.deepEqual(byTarget.map((e: any) => e.id), [entry.id]);
  });

  it('a failed start writes a REJECTED entry and no instance', async () => {
    // when
    const res = await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'no-such-process' });
    assert.equal(res.status, 404);
    // then
    const rejected = (await entries('POST /v2/process-instances')).filter((e) => e.outcome === 'REJECTED');
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0].status, 404);
    assert.equal(rejected[0].summary.processDefinitionId, 'no-such-process');
    const instances = await db.query(`SELECT count(*)::int AS n FROM process_instance WHERE bpmn_process_id = 'no-such-process'`);
    assert.equal(instances.rows[0].n, 0);
  });

  it('a 403 denial is audited with the refused principal', async () => {
    // when
    assertDenied(await viewer.call('POST', '/v2/process-instances', { processDefinitionId: 'audited' }), 403);
    assertDenied(await viewer.call('GET', '/v2/audit/verify'), 403);
    // then
    const denied = (await admin.call('POST', '/v2/audit/search', { filter: { outcome: 'DENIED', actorId: 'vic' } })).body.items;
    assert.deepEqual(
      denied.map((e: any) => [e.operation, e.status]),
      [
        ['POST /v2/process-instances', 403],
        ['GET /v2/audit/verify', 403],
      ],
    );
  });

  it('the sealer chains every entry and verify finds the chain valid', async () => {
    await sealed();
    const result = await verify();
    assert.equal(result.valid, true, JSON.stringify(result));
    assert.ok(result.checked >= 6, `expected at least 6 sealed entries, found ${result.checked}`);
    const all = (await admin.call('POST', '/v2/audit/search', {})).body.items as any[];
    assert.ok(all.every((e) => e.sealed && /^[0-9a-f]{64}$/.test(e.hash)));
  });

  it('the chain stays dense and in entry order past ten entries, sealed over several rounds', async () => {
    // given entries sealed in rounds, so the chain's tip passes 9 and then 19
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 6; i++) {
        assert.equal((await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'audited' })).status, 200);
      }
      await sealed();
    }
    // then seq numbers follow the entries' order with no gap, and verify accepts the chain
    const rows = await db.query<{ id: string; seq: string }>(
      `SELECT e.id::text AS id, s.seq::text AS seq FROM audit_entry e LEFT JOIN audit_seal s ON s.entry_id = e.id ORDER BY e.id`,
    );
    // the set-up's three or more and these eighteen
    assert.ok(rows.rows.length >= 21, `expected at least 21 entries, found ${rows.rows.length}`);
    assert.deepEqual(
      rows.rows.map((r) => Number(r.seq)),
      rows.rows.map((_, i) => i + 1),
    );
    const result = await verify();
    assert.equal(result.valid, true, JSON.stringify(result));
    assert.equal(result.checked, rows.rows.length);
  });

  it('export streams JSON lines of the time range', async () => {
    const res = await fetch(`${ctx.engine.url}/v2/audit/export?from=${encodeURIComponent(started)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, {
      headers: bearer(admin),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    const [deployed] = await entries('POST /v2/deployments');
    assert.ok(lines.some((e) => e.id === deployed.id));
    const none = await fetch(`${ctx.engine.url}/v2/audit/export?to=${encodeURIComponent(started)}`, { headers: bearer(admin) });
    assert.equal((await none.text()).trim(), '');
  });

  it('an edited sealed entry is reported by verify', async () => {
    // given
    await sealed();
    const [entry] = await entries('POST /v2/process-instances');
    // when
    await db.query(`UPDATE audit_entry SET summary = '{"processDefinitionId":"other"}' WHERE id = $1`, [entry.id]);
    // then
    const result = await verify();
    assert.equal(result.valid, false);
    assert.equal(result.firstInvalid.id, entry.id);
    assert.match(result.firstInvalid.reason, /changed after sealing/);
    await db.query(`UPDATE audit_entry SET summary = $2::jsonb WHERE id = $1`, [entry.id, JSON.stringify(entry.summary)]);
    assert.equal((await verify()).valid, true);
  });

  it('a deleted entry is reported by verify', async () => {
    // given
    await sealed();
    // the set-up's start: the job's completion came after it, so the chain goes on past it
    const { rows } = await db.query(`SELECT entry_id::text AS id, seq::text FROM audit_seal WHERE entry_id = $1`, [startEntries[0]!.id]);
    // when the entry is deleted and its seal left
    await db.query(`DELETE FROM audit_entry WHERE id = $1`, [rows[0].id]);
    // then verify names it
    const result = await verify();
    assert.equal(result.valid, false);
    assert.equal(result.firstInvalid.id, rows[0].id);
    assert.equal(result.firstInvalid.seq, rows[0].seq);
    assert.match(result.firstInvalid.reason, /deleted after sealing/);
  });
});

function bearer(caller: Caller): Record<string, string> {
  return { authorization: `Bearer ${(caller.credential as { token: string }).token}` };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

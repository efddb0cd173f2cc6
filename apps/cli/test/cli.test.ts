import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, oneTaskProcess, REPO_ROOT, startEngineProcess, type EngineProcess } from '@osprey/testing';
import { osprey } from './osprey-cli';

const BROKEN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="http://example.com">
  <bpmn:process id="broken" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Charge" />
    <bpmn:serviceTask id="Charge"><bpmn:incoming>Flow_1</bpmn:incoming></bpmn:serviceTask>
  </bpmn:process>
</bpmn:definitions>`;

describe('osprey lint (offline)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-lint-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the example processes with exit code 0', async () => {
    const run = await osprey(['lint', 'processes/']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /2 files checked, no problems/);
  });

  it('names file, element and problem for every problem, and exits 1', async () => {
    // given a service task without a job type and a form without an id
    writeFileSync(join(dir, 'broken.bpmn'), BROKEN);
    writeFileSync(join(dir, 'nameless.form'), '{"components":[]}');
    const run = await osprey(['lint', dir]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /broken\.bpmn\s+Charge\s+Expected a zeebe:taskDefinition with a job type/);
    assert.match(run.stdout, /nameless\.form\s+\(document\)\s+Expected a form with a string "id"/);
    const json = (await osprey(['lint', '--json', dir])).json<{ problems: { file: string; elementId: string | null; message: string }[] }>();
    assert.ok(json.problems.some((p) => p.file.endsWith('broken.bpmn') && p.elementId === 'Charge'));
  });

  it('exits 2 for a path that does not exist', async () => {
    const run = await osprey(['lint', join(dir, 'missing.bpmn')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /does not exist/);
  });
});

describe('osprey against an engine with API keys', () => {
  const key = `osk_${randomBytes(32).toString('base64url')}`;
  const dir = mkdtempSync(join(tmpdir(), 'osprey-cli-'));
  let engine: EngineProcess;
  let env: Record<string, string>;
  const cli = (...args: string[]) => osprey(args, env);

  before(async () => {
    engine = await startEngineProcess('cli', {
      OSPREY_AUTH_ANONYMOUS: 'false',
      OSPREY_API_KEYS: JSON.stringify([{ id: 'ci', sha256: createHash('sha256').update(key).digest('hex'), roles: ['modeler', 'operator', 'worker', 'starter', 'viewer'] }]),
    });
    env = { OSPREY_URL: engine.url, OSPREY_API_KEY: key };
    // Given the one-task process charge, which the instance, job and incident tests start.
    writeFileSync(join(dir, 'charge.bpmn'), oneTaskProcess('charge', 'charge'));
    const deployed = await cli('deploy', join(dir, 'charge.bpmn'));
    assert.equal(deployed.code, 0, deployed.stderr);
  });
  after(async () => {
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys the example folder and prints the version each resource got', async () => {
    const run = await cli('deploy', join(REPO_ROOT, 'processes'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /order-fulfilment\.bpmn\s+processDefinition\s+order-fulfilment\s+1\s+\d+/);
    assert.match(run.stdout, /order-approval\.form\s+form\s+order-approval\s+1/);
    // an identical redeployment creates no new version
    const again = (await cli('deploy', '--json', join(REPO_ROOT, 'processes/order-fulfilment.bpmn'))).json();
    assert.equal(again.deployments[0].processDefinition.processDefinitionVersion, 1);
  });

  it('refuses an invalid model at deploy with the engine’s problem and exit 1', async () => {
    writeFileSync(join(dir, 'broken.bpmn'), BROKEN);
    const run = await cli('deploy', join(dir, 'broken.bpmn'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /broken\.bpmn.*Charge/s);
  });

  it('starts an instance, activates and completes its job, and shows it completed', async () => {
    // given variables in a file
    writeFileSync(join(dir, 'vars.json'), JSON.stringify({ orderId: 'o-1', amount: 42 }));

    // when it is started with variables from a file and its job is worked through the CLI
    const started = (await cli('start', 'charge', '--vars', `@${join(dir, 'vars.json')}`, '--json')).json();
    const activated = (await cli('jobs', 'activate', 'charge', '--json')).json();
    assert.equal(activated.jobs.length, 1);
    const [job] = activated.jobs;
    assert.equal(job.processInstanceKey, started.processInstanceKey);
    assert.deepEqual(job.variables, { orderId: 'o-1', amount: 42 });
    const done = await cli('jobs', 'complete', job.jobKey, '--attempt', String(job.attempt), '--vars', '{"charged":true}');
    assert.equal(done.code, 0, done.stderr);

    // then the instance is completed with the job's variables
    const shown = (await cli('instances', 'show', started.processInstanceKey, '--json')).json();
    assert.equal(shown.state, 'COMPLETED');
    assert.ok(shown.variables.some((v: { name: string; value: string }) => v.name === 'charged' && v.value === 'true'));
    const table = await cli('instances', 'list', '--process', 'charge');
    assert.match(table.stdout, /^KEY\s+PROCESS\s+VERSION\s+STATE/m);
    assert.match(table.stdout, new RegExp(`${started.processInstanceKey}\\s+charge\\s+1\\s+COMPLETED`));
  });

  it('a job failed with no retries left shows as an incident; resolving it makes the job activatable again', async () => {
    const started = (await cli('start', 'charge', '--json')).json();
    const [job] = (await cli('jobs', 'activate', 'charge', '--json')).json().jobs;
    assert.equal((await cli('jobs', 'fail', job.jobKey, '--retries', '0', '--message', 'card declined')).code, 0);

    const incidents = (await cli('incidents', 'list', '--instance', started.processInstanceKey, '--json')).json();
    assert.equal(incidents.items.length, 1);
    assert.equal(incidents.items[0].errorMessage, 'card declined');
    const resolved = await cli('incidents', 'resolve', incidents.items[0].incidentKey);
    assert.equal(resolved.code, 0, resolved.stderr);
    const again = (await cli('jobs', 'activate', 'charge', '--json')).json();
    assert.equal(again.jobs[0]?.processInstanceKey, started.processInstanceKey);
  });

  it('cancels an instance and publishes a message', async () => {
    const started = (await cli('start', 'charge', '--json')).json();
    assert.equal((await cli('instances', 'cancel', started.processInstanceKey)).code, 0);
    assert.equal((await cli('instances', 'show', started.processInstanceKey, '--json')).json().state, 'TERMINATED');
    const published = await cli('messages', 'publish', 'payment-confirmed', '--correlation-key', 'o-9', '--ttl', '60000', '--json');
    assert.equal(published.code, 0, published.stderr);
    assert.match(published.json().messageKey, /^\d+$/);
  });

  it('deploys a decision table and evaluates it, printing its output', async () => {
    // given a DMN file as Camunda Modeler writes it for Camunda 8
    writeFileSync(join(dir, 'discount.dmn'), DISCOUNT_DMN);
    const deployed = await cli('deploy', join(dir, 'discount.dmn'));
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.match(deployed.stdout, /discount\.dmn\s+decisionDefinition\s+cli-discount\s+1/);
    // when it is evaluated for a large order, then the matching rule's output comes back
    const run = await cli('decisions', 'evaluate', 'cli-discount', '--vars', '{"amount": 1200}', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.json().output), 0.1);
    // and read by people, it names the decision and its output
    const readable = await cli('decisions', 'evaluate', 'cli-discount', '--vars', '{"amount": 10}');
    assert.match(readable.stdout, /cli-discount v1/);
    assert.match(readable.stdout, /output:\s+0\n/);
  });

  it('checks a migration with --dry-run and changes nothing', async () => {
    // given an active instance of version 1 and a version 2
    writeFileSync(join(dir, 'refund.bpmn'), oneTaskProcess('refund', 'refund'));
    await cli('deploy', join(dir, 'refund.bpmn'));
    const started = (await cli('start', 'refund', '--json')).json();
    writeFileSync(join(dir, 'refund.bpmn'), oneTaskProcess('refund', 'refund-v2'));
    await cli('deploy', join(dir, 'refund.bpmn'));

    const run = await cli('migrate', 'refund', '--from-version', '1', '--dry-run', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual([run.json().dryRun, run.json().total, run.json().migrated], [true, 1, 1]);
    assert.equal((await cli('instances', 'show', started.processInstanceKey, '--json')).json().processDefinitionVersion, 1);
  });

  it('reports status: version, readiness and who the key signs in as', async () => {
    const run = await cli('status');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /ready:\s+yes/);
    assert.match(run.stdout, /signed in as:\s+ci/);
  });

  it('exits 4 with a hint when the credential is missing or wrong', async () => {
    const run = await osprey(['instances', 'list'], { OSPREY_URL: engine.url });
    assert.equal(run.code, 4);
    assert.match(run.stderr, /401.*OSPREY_API_KEY/s);
    assert.equal((await osprey(['status', '--api-key', 'osk_wrong'], { OSPREY_URL: engine.url })).code, 4);
  });

  it('exits 3 when the engine cannot be reached, and 2 for a usage error', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const down = await osprey(['status', '--url', nobody]);
    assert.equal(down.code, 3);
    assert.match(down.stderr, /ECONNREFUSED/);
    const usage = await cli('start', 'charge', '--vars', '[1]');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--vars: Expected a JSON object, but found an array/);
    assert.equal((await cli('instances', 'frobnicate')).code, 2);
    assert.equal((await cli('start', '--bogus')).code, 2);
  });
});

/** A two-rule FIRST table: 10 % off from 1000 on, else nothing. */
const DISCOUNT_DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="cli-discount-defs" name="Discounts" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="cli-discount" name="Discount">
    <decisionTable id="cli-discount-table" hitPolicy="FIRST">
      <input id="in-amount" label="Amount">
        <inputExpression id="in-amount-expr" typeRef="number"><text>amount</text></inputExpression>
      </input>
      <output id="out-discount" name="discount" typeRef="number" />
      <rule id="big"><inputEntry id="big-in"><text>&gt;= 1000</text></inputEntry><outputEntry id="big-out"><text>0.1</text></outputEntry></rule>
      <rule id="small"><inputEntry id="small-in"><text>-</text></inputEntry><outputEntry id="small-out"><text>0</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>
`;

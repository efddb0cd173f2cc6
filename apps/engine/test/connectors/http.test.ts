import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deployed, elementsOf, engineForFile, incidentsOf, startInstance, untilState, variablesOf } from '../api/support';
import { connectorProcess, json, startServer, type TestServer } from './support';

describe('the osprey:http connector', () => {
  let target: TestServer;
  let outsider: TestServer;
  const env: Record<string, string> = {};

  before(async () => {
    // given a service the allow-list names, and another one it does not
    target = await startServer((req, res) => {
      if (req.path.startsWith('/orders/')) return json(res, 200, { id: req.path.slice(8), total: 42, lines: [1, 2] });
      if (req.path === '/payments') return json(res, 201, { received: JSON.parse(req.body), requestId: req.headers['x-request-id'] });
      if (req.path === '/broken') return json(res, 500, { error: 'database down' });
      if (req.path === '/missing') return json(res, 404, { error: 'no such order' });
      if (req.path === '/hop') return res.writeHead(302, { location: '/orders/via-redirect' }).end();
      if (req.path === '/escape') return res.writeHead(302, { location: `${outsider.url}/steal` }).end();
      if (req.path === '/huge') return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(2 * 1024 * 1024));
      if (req.path === '/slow') return void setTimeout(() => json(res, 200, {}), 2_000);
      json(res, 404, {});
    });
    outsider = await startServer((_req, res) => json(res, 200, { secret: 'should never be read' }));
    env.OSPREY_CONNECTOR_ALLOWED_HOSTS = `127.0.0.1:${target.port}`;
  });
  const ctx = engineForFile('conn_http', env);
  after(async () => {
    await target?.close();
    await outsider?.close();
  });

  /** Deploys a one-task process around an `osprey:http` task and starts it. */
  async function run(id: string, opts: Omit<Parameters<typeof connectorProcess>[0], 'id' | 'type'>, variables: Record<string, unknown> = {}) {
    await deployed(ctx.api, { name: `${id}.bpmn`, content: connectorProcess({ id, type: 'osprey:http', ...opts }) });
    return startInstance(ctx.api, id, variables);
  }

  it('GETs a URL built with FEEL and maps the answer into variables', async () => {
    // when a task GETs the order named by a variable
    const key = await run(
      'http-get',
      { headers: { url: `="${target.url}/orders/" + orderId`, resultVariable: 'order', resultExpression: '={total: body.total, firstLine: body.lines[1]}' } },
      { orderId: 'A-17' },
    );
    // then the instance completes with the whole answer and the mapped values
    await untilState(ctx.api, key, 'COMPLETED');
    const vars = await variablesOf(ctx.api, key);
    assert.equal((vars.order as any).status, 200);
    assert.deepEqual((vars.order as any).body, { id: 'A-17', total: 42, lines: [1, 2] });
    assert.match((vars.order as any).headers['content-type'], /application\/json/);
    assert.equal(vars.total, 42);
    assert.equal(vars.firstLine, 1);
    assert.equal(target.received.filter((r) => r.path === '/orders/A-17').length, 1);
  });

  it('POSTs a body and headers computed with FEEL from input mappings', async () => {
    const key = await run(
      'http-post',
      {
        headers: { method: 'POST', url: `${target.url}/payments`, resultExpression: '={paymentStatus: status, echoed: body.received.amount}' },
        inputs: { body: '={orderId: orderId, amount: amount * 2}', headers: '={"x-request-id": "req-" + orderId}' },
      },
      { orderId: 'B-1', amount: 21 },
    );
    await untilState(ctx.api, key, 'COMPLETED');
    // then the service received the JSON body and the header
    const request = target.received.find((r) => r.path === '/payments' && r.body.includes('B-1'))!;
    assert.equal(request.method, 'POST');
    assert.match(String(request.headers['content-type']), /application\/json/);
    assert.equal(request.headers['x-request-id'], 'req-B-1');
    assert.deepEqual(JSON.parse(request.body), { orderId: 'B-1', amount: 42 });
    // and the answer was mapped
    const vars = await variablesOf(ctx.api, key);
    assert.equal(vars.paymentStatus, 201);
    assert.equal(vars.echoed, 42);
  });

  it('follows a redirect within the allow-list', async () => {
    const key = await run('http-hop', { headers: { url: `${target.url}/hop`, resultVariable: 'answer' } });
    await untilState(ctx.api, key, 'COMPLETED');
    assert.equal(((await variablesOf(ctx.api, key)).answer as any).body.id, 'via-redirect');
  });

  it('fails a 500 with retries counting down, then raises an incident', async () => {
    const before = target.received.filter((r) => r.path === '/broken').length;
    // when the service keeps answering 500 to a task with 2 retries
    const key = await run('http-500', { headers: { url: `${target.url}/broken` }, retries: 2 });
    // then it is called twice (retried after a back-off), and the incident quotes the answer
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(incident.errorType, 'JOB_NO_RETRIES');
    assert.match(incident.errorMessage, /Expected a 2xx answer from GET http:\/\/127\.0\.0\.1:\d+\/broken, but got 500: .*database down/);
    assert.equal(target.received.filter((r) => r.path === '/broken').length - before, 2);
  });

  it('throws HTTP_<status> as a BPMN error for a status listed in errorOnStatus, caught by a boundary', async () => {
    const key = await run('http-404', {
      headers: { url: `${target.url}/missing`, errorOnStatus: '404,409', resultVariable: 'answer' },
      catchError: 'HTTP_404',
    });
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual((await elementsOf(ctx.api, key, 'failed')).map((e) => e.state), ['COMPLETED']);
    assert.deepEqual(await elementsOf(ctx.api, key, 'done'), []);
  });

  it('throws the BPMN error an errorExpression names', async () => {
    const key = await run('http-error-expression', {
      headers: {
        url: `="${target.url}/orders/" + orderId`,
        errorExpression: '=if body.total > 40 then {code: "TOO_EXPENSIVE", message: "total " + string(body.total)} else null',
      },
      catchError: 'TOO_EXPENSIVE',
    }, { orderId: 'C-1' });
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual((await elementsOf(ctx.api, key, 'failed')).map((e) => e.state), ['COMPLETED']);
  });

  it('refuses a host outside the allow-list: an incident at once, and no request leaves', async () => {
    const key = await run('http-outsider', { headers: { url: `${outsider.url}/steal` } });
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(
      incident.errorMessage,
      `Expected an allowed host, but '127.0.0.1:${outsider.port}' is not in OSPREY_CONNECTOR_ALLOWED_HOSTS`,
    );
    assert.equal(outsider.received.length, 0);
  });

  it('does not follow a redirect to a host outside the allow-list', async () => {
    const key = await run('http-escape', { headers: { url: `${target.url}/escape` } });
    const [incident] = await incidentsOf(ctx.api, key);
    assert.match(incident.errorMessage, new RegExp(`'127\\.0\\.0\\.1:${outsider.port}' is not in OSPREY_CONNECTOR_ALLOWED_HOSTS`));
    assert.equal(outsider.received.length, 0);
    assert.equal(target.received.filter((r) => r.path === '/escape').length, 1);
  });

  it('refuses an answer larger than 1 MB, and a call slower than its timeout', async () => {
    const huge = await run('http-huge', { headers: { url: `${target.url}/huge` } });
    assert.match((await incidentsOf(ctx.api, huge))[0].errorMessage, /at most 1048576 bytes/);
    const slow = await run('http-slow', { headers: { url: `${target.url}/slow`, timeoutMs: '200' }, retries: 1 });
    assert.match((await incidentsOf(ctx.api, slow))[0].errorMessage, /within the timeout/);
  });

  it('raises an incident naming the expression when a FEEL header fails', async () => {
    const key = await run('http-bad-feel', { headers: { url: '="http://127.0.0.1/" + missingVariable' } });
    const [incident] = await incidentsOf(ctx.api, key);
    assert.match(incident.errorMessage, /^url: /);
    assert.match(incident.errorMessage, /missingVariable/);
  });
});

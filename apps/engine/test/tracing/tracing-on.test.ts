import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOtlpReceiver, type OtlpReceiver, type TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { oneTaskProcess } from '../support/bpmn';
import { postInTrace } from './support';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

/** OSPREY_TRACING=otlp: server spans, command spans, and the job's trace context for REST workers. */
describe('tracing on', () => {
  let receiver: OtlpReceiver;
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    receiver = await startOtlpReceiver();
    // The exporter reads the standard variables from the process environment.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    process.env.OTEL_BSP_SCHEDULE_DELAY = '50';
    process.env.OTEL_SERVICE_NAME = 'osprey-under-test';
    db = await freshDatabase('tracingon');
    engine = await bootEngine({ DATABASE_URL: db.url, OSPREY_TRACING: 'otlp' });
    api = new Api(engine.url);
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
    await receiver?.stop();
  });

  it('hands a REST-activated job the trace context of the command that created it', async () => {
    // given a deployed process
    assert.equal((await api.deploy({ name: 'on.bpmn', content: oneTaskProcess('traced', 'traced-work') })).status, 200);
    // when a caller with a trace context starts an instance, and a worker activates its job
    const started = await postInTrace(`${engine.url}/v2/process-instances`, { processDefinitionId: 'traced' }, `00-${TRACE_ID}-${CALLER_SPAN}-01`);
    assert.equal(started.status, 200);
    const { processInstanceKey } = (await started.json()) as { processInstanceKey: string };
    const [job] = await api.activate('traced-work', 1);

    // then the collector has the request's server span under the caller, its transaction and the command in it
    const spans = await api.until(async () => {
      const got = receiver.spans.filter((s) => s.traceId === TRACE_ID);
      return got.some((s) => s.name === 'command CREATE_INSTANCE') && got.some((s) => s.name.startsWith('POST')) ? got : undefined;
    }, 10_000, 'the spans to be exported');
    const server = spans.find((s) => s.name === 'POST /v2/process-instances')!;
    assert.equal(server.parentSpanId, CALLER_SPAN);
    assert.equal(server.service, 'osprey-under-test');
    assert.equal(server.attributes['http.route'], '/v2/process-instances');
    const transaction = spans.find((s) => s.name === 'transaction' && s.parentSpanId === server.spanId)!;
    assert.equal(transaction.attributes['db.system.name'], 'postgresql');
    const command = spans.find((s) => s.name === 'command CREATE_INSTANCE')!;
    assert.equal(command.parentSpanId, transaction.spanId);
    assert.equal(command.attributes['osprey.process_instance.key'], processInstanceKey);
    assert.equal(command.attributes['osprey.process_definition.id'], 'traced');
    // and the job's custom headers hold that command's context for its worker to continue
    assert.equal(job.customHeaders.traceparent, `00-${TRACE_ID}-${command.spanId}-01`);
    // and a request without a trace context starts a trace of its own
    const search = await api.post('/v2/process-instances/search', {});
    assert.equal(search.status, 200);
    const own = await api.until(async () => receiver.spans.find((s) => s.name === 'POST /v2/process-instances/search'), 10_000, 'the search span');
    assert.notEqual(own.traceId, TRACE_ID);
    assert.equal(own.parentSpanId, '');
  });

  it('names a span after the route pattern and marks only 5xx answers as failed', async () => {
    // when a request for an unknown instance is answered 404
    const res = await api.get('/v2/process-instances/2251799813999999');
    assert.equal(res.status, 404);
    // then its span carries the route pattern, not the key, and is not an error
    const span = await api.until(
      async () => receiver.spans.find((s) => s.name === 'GET /v2/process-instances/:key' && s.attributes['http.response.status_code'] === 404),
      10_000,
      'the 404 span',
    );
    assert.equal(span.status, 0);
    assert.ok(!JSON.stringify(span).includes('2251799813999999'), 'no attribute carries the key');
  });

  it('leaves probes and metric scrapes untraced', async () => {
    // given probes and a scrape, followed by a request that is traced
    assert.equal((await api.get('/health/ready')).status, 200);
    assert.equal((await fetch(`${engine.url}/metrics`)).status, 200);
    assert.equal((await api.get('/v2/topology')).status, 200);
    // when the traced request's span has arrived, then none came for the probes and the scrape
    await api.until(async () => receiver.spans.some((s) => s.name === 'GET /v2/topology'), 10_000, 'the topology span');
    assert.deepEqual(receiver.spans.filter((s) => /\/health|\/metrics/.test(s.name)), []);
  });
});

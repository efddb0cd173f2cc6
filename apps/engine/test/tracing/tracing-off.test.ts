import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import { startOtlpReceiver, type OtlpReceiver, type TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { ConfigError, loadConfig } from '../../src/config/engine-config';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { oneTaskProcess } from '../support/bpmn';
import { postInTrace } from './support';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** Modules of the OpenTelemetry SDK (the API alone is always loaded, and a no-op). */
const SDK_MODULE = /[\\/]@opentelemetry[\\/](sdk-trace-(node|base)|exporter-trace-otlp-http|resources|context-async-hooks)[\\/]/;

/** Tracing is off unless OSPREY_TRACING=otlp, even when the standard OTEL_* variables are set. */
describe('tracing off (the default)', () => {
  let receiver: OtlpReceiver;
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    receiver = await startOtlpReceiver();
    db = await freshDatabase('tracingoff');
    engine = await bootEngine({
      DATABASE_URL: db.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'osprey-engine',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    api = new Api(engine.url);
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
    await receiver?.stop();
  });

  it('exports nothing, stores no trace context and never loads the SDK', async () => {
    // given a deployed process
    assert.equal((await api.deploy({ name: 'off.bpmn', content: oneTaskProcess('untraced', 'untraced-work') })).status, 200);
    // when a caller with a trace context starts an instance and completes its job
    const started = await postInTrace(`${engine.url}/v2/process-instances`, { processDefinitionId: 'untraced' }, TRACEPARENT);
    assert.equal(started.status, 200);
    const [job] = await api.activate('untraced-work', 1);
    const completed = await postInTrace(`${engine.url}/v2/jobs/${job.jobKey}/completion`, {}, TRACEPARENT);
    assert.equal(completed.status, 204);
    // then the job carried no trace context to its worker, and none was stored
    assert.deepEqual(job.customHeaders, {});
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM job WHERE trace_context IS NOT NULL`);
      assert.equal(rows[0].n, 0);
    } finally {
      await pg.end();
    }
    // and after several export intervals the collector has heard nothing
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(receiver.requests, []);
    // and no SDK module was loaded: the global tracer is the API's no-op, with no propagator
    assert.deepEqual(Object.keys(require.cache).filter((m) => SDK_MODULE.test(m)), []);
    const probe = trace.getTracer('probe').startSpan('probe');
    assert.equal(probe.isRecording(), false);
    assert.equal(isSpanContextValid(probe.spanContext()), false);
    assert.deepEqual(propagation.fields(), []);
  });

  it('accepts only otlp or off as OSPREY_TRACING', () => {
    assert.equal(loadConfig({}).tracing, 'off');
    assert.equal(loadConfig({ OSPREY_TRACING: 'otlp' }).tracing, 'otlp');
    assert.throws(() => loadConfig({ OSPREY_TRACING: 'jaeger' }), (e: unknown) => e instanceof ConfigError && /OSPREY_TRACING: Expected 'otlp' or 'off', but found 'jaeger'/.test(e.message));
  });
});

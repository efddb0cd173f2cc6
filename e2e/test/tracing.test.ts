import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Kafka, logLevel } from 'kafkajs';
import { OspreyClient, createWorker, type Worker } from '@osprey/client';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan, type TestDatabase } from '@osprey/testing';
import { kafkaBrokers, migratedTestDatabase, startEngineProcess, until, type EngineProcess } from '../src';

/** start → `trace-pack` (Kafka) → `trace-ship` (REST) → end. */
const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="traced-order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="pack"><bpmn:extensionElements><zeebe:taskDefinition type="trace-pack" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:serviceTask id="ship"><bpmn:extensionElements><zeebe:taskDefinition type="trace-ship" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pack" />
    <bpmn:sequenceFlow id="f2" sourceRef="pack" targetRef="ship" />
    <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const SERVER = 2;
const CONSUMER = 5;

/**
 * One trace from a REST caller through the engine, its outbox and Kafka to a Kafka worker, back
 * to the engine, on to a REST worker and back again — as an OTLP collector receives it.
 */
describe('OpenTelemetry traces across REST, the outbox, Kafka and workers', () => {
  const prefix = `t${Date.now().toString(36)}${randomUUID().slice(0, 6)}.trace`;
  let receiver: OtlpReceiver;
  let provider: NodeTracerProvider;
  let db: TestDatabase;
  let engine: EngineProcess;
  const workers: Worker[] = [];

  before(async () => {
    receiver = await startOtlpReceiver();
    // The topics exist before the worker subscribes, as a deployment would create them.
    const admin = new Kafka({ clientId: 'e2e-tracing', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `${prefix}.jobs.trace-pack` }, { topic: `${prefix}.job-results` }] });
    await admin.disconnect();
    // The workers' application registers an SDK of its own, as a traced worker service would.
    provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'e2e-workers' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` }))],
    });
    provider.register();
    db = await migratedTestDatabase('e2e_tracing');
    engine = await startEngineProcess({
      databaseUrl: db.url,
      env: {
        OSPREY_TRACING: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'osprey-engine',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        KAFKA_BROKERS: kafkaBrokers().join(','),
        OSPREY_KAFKA_PREFIX: prefix,
        OSPREY_KAFKA_JOB_TYPES: 'trace-pack',
        OSPREY_KAFKA_GROUP_ID: `engine-${prefix}`,
      },
    });
    const client = new OspreyClient({ baseUrl: engine.url });
    await client.deploy([{ name: 'traced-order.bpmn', content: PROCESS }]);
    workers.push(
      createWorker({ type: 'trace-pack', transport: 'kafka', kafka: { brokers: kafkaBrokers(), topicPrefix: prefix }, handler: () => ({ packed: true }) }),
      createWorker({ type: 'trace-ship', client, pollRequestTimeout: 1_000, handler: () => ({ shipped: true }) }),
    );
    for (const worker of workers) await worker.start();
  });

  after(async () => {
    for (const worker of workers) await worker.stop({ drainMs: 1_000 });
    await engine?.stop();
    await db?.drop();
    await provider?.shutdown();
    await receiver?.stop();
  });

  it('continues the caller’s trace through the command, the outbox, both workers and their completions', async () => {
    // given a caller's trace context
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    // when it starts an instance through REST, and a Kafka and a REST worker complete its jobs
    const res = await fetch(`${engine.url}/v2/process-instances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: JSON.stringify({ processDefinitionId: 'traced-order' }),
    });
    assert.equal(res.status, 200);
    const { processInstanceKey } = (await res.json()) as { processInstanceKey: string };
    await until(async () => {
      const instance = (await (await fetch(`${engine.url}/v2/process-instances/${processInstanceKey}`)).json()) as { state?: string };
      return instance.state === 'COMPLETED';
    }, 'the instance to complete', 30_000);

    // then the collector receives one trace holding every step, each the child of the one before
    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    const spans = await until(async () => {
      const got = inTrace();
      return got.filter((s) => s.name === 'command COMPLETE_JOB').length === 2 ? got : undefined;
    }, 'both job completions to be exported', 15_000);
    const childOf = (parent: { spanId: string }, name: string, service: string): ReceivedSpan => {
      const found = spans.filter((s) => s.name === name && s.service === service && s.parentSpanId === parent.spanId);
      assert.equal(found.length, 1, `one '${name}' of ${service} under ${parent.spanId}; the trace holds ${describeSpans(spans)}`);
      return found[0]!;
    };

    const start = childOf({ spanId: callerSpanId }, 'POST /v2/process-instances', 'osprey-engine');
    assert.equal(start.kind, SERVER);
    assert.deepEqual(start.attributes, {
      'http.request.method': 'POST',
      'http.route': '/v2/process-instances',
      'http.response.status_code': 200,
      'url.scheme': 'http',
      'network.protocol.version': '1.1',
    });
    const create = childOf(childOf(start, 'transaction', 'osprey-engine'), 'command CREATE_INSTANCE', 'osprey-engine');
    assert.equal(create.attributes['osprey.process_instance.key'], processInstanceKey);
    const outbox = childOf(create, 'outbox write', 'osprey-engine');

    // the Kafka job carries the outbox row's context in its headers
    const pack = childOf(outbox, 'process trace-pack', 'e2e-workers');
    assert.equal(pack.kind, CONSUMER);
    assert.equal(pack.attributes['osprey.process_instance.key'], processInstanceKey);
    // its result message carries the worker's span back to the engine's consumer
    const result = childOf(pack, `process ${prefix}.job-results`, 'osprey-engine');
    assert.equal(result.kind, CONSUMER);
    const packed = childOf(childOf(result, 'transaction', 'osprey-engine'), 'command COMPLETE_JOB', 'osprey-engine');

    // the REST job carries the context of the command that created it in its custom headers
    const ship = childOf(packed, 'process trace-ship', 'e2e-workers');
    // and the worker's completion request continues the worker's span
    const completion = childOf(ship, 'POST /v2/jobs/:key/completion', 'osprey-engine');
    assert.equal(completion.attributes['http.response.status_code'], 204);
    childOf(childOf(completion, 'transaction', 'osprey-engine'), 'command COMPLETE_JOB', 'osprey-engine');
    assert.ok(spans.every((s) => s.status !== 2), 'no step failed');
  });
});

function describeSpans(spans: readonly ReceivedSpan[]): string {
  return spans.map((s) => `${s.service}:${s.name}(${s.spanId}<-${s.parentSpanId})`).join(', ');
}

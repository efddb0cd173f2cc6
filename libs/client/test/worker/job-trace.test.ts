import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromKafkaJob } from '../../src/worker/kafka-transport';
import { fromActivatedJob } from '../../src/worker/rest-transport';
import type { ActivatedJob } from '../../src/client/api-types';
import type { KafkaJobMessage } from '../../src/kafka-contract';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const job = {
  jobKey: '2251799813685300',
  type: 'ship',
  processInstanceKey: '2251799813685299',
  processDefinitionId: 'order',
  elementId: 'ship',
  elementInstanceKey: '2251799813685301',
  attempt: 1,
  retries: 3,
  deadline: Date.now() + 30_000,
  variables: {},
};

describe('the trace context a job arrives with', () => {
  it('is read from the custom headers of a REST-activated job', () => {
    // given a job the engine activated with tracing on
    const activated = { ...job, customHeaders: { traceparent: TRACEPARENT, tracestate: 'osp=1', region: 'eu' } } as unknown as ActivatedJob;
    // when the worker takes it, then its trace context is the engine's, the model's headers unchanged
    const record = fromActivatedJob(activated, 30_000);
    assert.deepEqual(record.traceContext, { traceparent: TRACEPARENT, tracestate: 'osp=1' });
    assert.equal(record.headers.region, 'eu');
  });

  it('is read from the Kafka message headers, which kafkajs hands over as bytes', () => {
    const message = { ...job, customHeaders: {}, tenantId: '<default>', processDefinitionKey: '1' } as unknown as KafkaJobMessage;
    const record = fromKafkaJob(message, {}, Date.now(), { traceparent: Buffer.from(TRACEPARENT), 'osprey-outbox-id': Buffer.from('7') });
    assert.deepEqual(record.traceContext, { traceparent: TRACEPARENT });
  });

  it('is absent when the engine traces nothing', () => {
    assert.equal(fromActivatedJob({ ...job, customHeaders: {} } as unknown as ActivatedJob, 30_000).traceContext, undefined);
    const message = { ...job, customHeaders: {}, tenantId: '<default>', processDefinitionKey: '1' } as unknown as KafkaJobMessage;
    assert.equal(fromKafkaJob(message).traceContext, undefined);
  });
});

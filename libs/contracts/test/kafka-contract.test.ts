import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jobTopic, KafkaContractError, parseKafkaInboundMessage, parseKafkaJobMessage, parseKafkaJobResult, resultsTopic } from '../src';

const job = {
  jobKey: '2251799813685251',
  attempt: 1,
  deadline: 1_780_000_000_000,
  type: 'payment-charge',
  retries: 3,
  processInstanceKey: '2251799813685249',
  processDefinitionKey: '2251799813685248',
  processDefinitionId: 'order-fulfilment',
  elementId: 'charge',
  elementInstanceKey: '2251799813685250',
  customHeaders: { currency: 'EUR' },
  tenantId: '<default>',
  variables: { orderId: 'o-1', total: 42.5 },
};

describe('the Kafka job contract', () => {
  it('reads a job message the engine publishes, unchanged', () => {
    assert.deepEqual(parseKafkaJobMessage(Buffer.from(JSON.stringify(job))), job);
  });

  it('names every missing or mistyped field of a job message at once', () => {
    const { tenantId: _t, ...withoutTenant } = job;
    const error = (() => {
      try {
        parseKafkaJobMessage(JSON.stringify({ ...withoutTenant, attempt: 0, jobKey: 'k-1' }));
      } catch (e) {
        return e as KafkaContractError;
      }
      assert.fail('Expected the message to be refused');
    })();
    assert.ok(error instanceof KafkaContractError);
    const text = error.problems.join('\n');
    assert.match(text, /^attempt: Expected an integer of at least 1, but found 0$/m);
    assert.match(text, /^jobKey: Expected a key \(a string of digits\), but found "k-1"$/m);
    assert.match(text, /^tenantId: Expected a non-empty string, but it is missing$/m);
  });

  it('reads each kind of result, and refuses an unknown kind or text that is not JSON', () => {
    const base = { resultId: 'r-1', jobKey: job.jobKey, attempt: 1 };
    assert.deepEqual(parseKafkaJobResult(JSON.stringify({ ...base, kind: 'complete', variables: { ok: true } })), { ...base, kind: 'complete', variables: { ok: true } });
    assert.equal(parseKafkaJobResult(JSON.stringify({ ...base, kind: 'fail', retries: 0 })).kind, 'fail');
    assert.equal(parseKafkaJobResult(JSON.stringify({ ...base, kind: 'error', errorCode: 'OUT_OF_STOCK' })).kind, 'error');
    assert.throws(() => parseKafkaJobResult(JSON.stringify({ ...base, kind: 'cancel' })), /kind: Expected 'complete', 'fail' or 'error', but found "cancel"/);
    assert.throws(() => parseKafkaJobResult(JSON.stringify({ ...base, kind: 'error' })), /errorCode: Expected a non-empty string, but it is missing/);
    assert.throws(() => parseKafkaJobResult('{"resultId":'), /Expected JSON, but it does not parse/);
    assert.throws(() => parseKafkaJobResult(null), /the message has none/);
  });

  it('reads an inbound message with a numeric correlation key, and refuses one without a name', () => {
    assert.equal(parseKafkaInboundMessage('{"name":"payment-received","correlationKey":42}').correlationKey, 42);
    assert.throws(() => parseKafkaInboundMessage('{"correlationKey":"o-1"}'), /name: Expected a non-empty string, but it is missing/);
  });

  it('names topics as the engine and workers both expect, within Kafka\'s limits', () => {
    assert.equal(jobTopic('osprey', 'io.acme:mail:1'), 'osprey.jobs.io.acme_mail_1');
    assert.equal(resultsTopic('osprey'), 'osprey.job-results');
    assert.throws(() => jobTopic('osprey', 'x'.repeat(300)), KafkaContractError);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  jobTopic,
  KafkaContractError,
  parseKafkaJobMessage,
  parseKafkaJobResult,
  resultsTopic,
} from '../../src/kafka-contract';

describe('Kafka job contract', () => {
  it('names topics after the prefix and the job type', () => {
    assert.equal(jobTopic('osprey', 'payment-charge'), 'osprey.jobs.payment-charge');
    assert.equal(resultsTopic('osprey'), 'osprey.job-results');
  });

  it('maps characters a topic cannot hold to underscores', () => {
    assert.equal(jobTopic('osprey', 'io.acme:mail/send 1'), 'osprey.jobs.io.acme_mail_send_1');
  });

  it('refuses a topic name Kafka would refuse', () => {
    assert.throws(() => jobTopic('osprey', 'x'.repeat(250)), KafkaContractError);
    assert.throws(() => jobTopic('', 'a'), /Expected a topic prefix and a job type/);
  });

  it('parses a job message', () => {
    const value = Buffer.from(
      JSON.stringify({
        jobKey: '1',
        attempt: 1,
        deadline: 1_700_000_000_000,
        type: 't',
        processInstanceKey: '2',
        elementId: 'Task',
        elementInstanceKey: '3',
        processDefinitionKey: '4',
        processDefinitionId: 'p',
        customHeaders: {},
        tenantId: '<default>',
        variables: { a: 1 },
        retries: 3,
      }),
    );
    assert.deepEqual(parseKafkaJobMessage(value).variables, { a: 1 });
  });

  it('rounds a fractional deadline down to the millisecond', () => {
    const message = {
      jobKey: '1',
      attempt: 1,
      deadline: 1_700_000_000_000.7,
      type: 't',
      processInstanceKey: '2',
      elementId: 'T',
      elementInstanceKey: '3',
      processDefinitionKey: '4',
      processDefinitionId: 'p',
      customHeaders: {},
      tenantId: '<default>',
      variables: {},
      retries: 1,
    };
    assert.equal(parseKafkaJobMessage(JSON.stringify(message)).deadline, 1_700_000_000_000);
  });

  it('names every broken field of a job message at once', () => {
    assert.throws(
      () => parseKafkaJobMessage('{"jobKey":5,"attempt":0,"type":"t"}'),
      (error: KafkaContractError) => {
        assert.ok(error instanceof KafkaContractError);
        assert.ok(error.problems.some((p) => p.startsWith('jobKey: Expected a key (a string of digits), but found 5')));
        assert.ok(
          error.problems.some((p) => p.startsWith('attempt: Expected an integer of at least 1, but found 0')),
        );
        assert.ok(
          error.problems.some((p) => p.startsWith('variables: Expected an object of variables, but it is missing')),
        );
        return true;
      },
    );
    assert.throws(() => parseKafkaJobMessage('not json'), /Expected JSON/);
    assert.throws(() => parseKafkaJobMessage(null), /the message has none/);
  });

  it('parses each kind of result and refuses an unknown kind', () => {
    const base = { resultId: 'r', jobKey: '1', attempt: 1 };
    assert.equal(
      parseKafkaJobResult(JSON.stringify({ ...base, kind: 'complete', variables: { x: 1 } })).kind,
      'complete',
    );
    const fail = parseKafkaJobResult(
      JSON.stringify({ ...base, kind: 'fail', retries: 2, retryBackOff: 0, errorMessage: 'no' }),
    );
    assert.deepEqual(fail, { ...base, kind: 'fail', retries: 2, retryBackOff: 0, errorMessage: 'no' });
    assert.throws(
      () => parseKafkaJobResult(JSON.stringify({ ...base, kind: 'error' })),
      /errorCode: Expected a non-empty string/,
    );
    assert.throws(
      () => parseKafkaJobResult(JSON.stringify({ ...base, kind: 'retry' })),
      /kind: Expected 'complete', 'fail' or 'error', but found "retry"/,
    );
  });
});

import { Type, type Static } from '@sinclair/typebox';
import { discriminatedUnion } from '../check';
import { Key, NonEmpty, Variables } from '../json';

/** Fields every result carries. */
const base = {
  /** Unique per result (a UUID): the engine de-duplicates redeliveries by it. */
  resultId: NonEmpty,
  jobKey: Key,
  /**
   * The attempt of the lease the worker held: a result from a superseded lease is refused.
   * Every Osprey SDK sends it; a result without it applies to the current lease, unfenced.
   */
  attempt: Type.Optional(Type.Integer({ minimum: 1 })),
  variables: Type.Optional(Variables),
};

/** The job is done; `variables` merge into the process as a REST completion's do. */
export const KafkaJobComplete = Type.Object({ ...base, kind: Type.Literal('complete') });
/**
 * The job failed: `retries` left (0 raises an incident; absent, one fewer than the job had),
 * retried after `retryBackOff` ms.
 */
export const KafkaJobFail = Type.Object({
  ...base,
  kind: Type.Literal('fail'),
  retries: Type.Optional(Type.Integer({ minimum: 0 })),
  retryBackOff: Type.Optional(Type.Integer({ minimum: 0 })),
  errorMessage: Type.Optional(Type.String()),
});
/** A BPMN error thrown from the job's element: caught by an error boundary event, or an incident. */
export const KafkaJobError = Type.Object({
  ...base,
  kind: Type.Literal('error'),
  errorCode: NonEmpty,
  errorMessage: Type.Optional(Type.String()),
});

/** A worker's answer on `<prefix>.job-results`, keyed by process instance key. */
export const KafkaJobResult = discriminatedUnion('kind', [KafkaJobComplete, KafkaJobFail, KafkaJobError]);
export type KafkaJobComplete = Static<typeof KafkaJobComplete>;
export type KafkaJobFail = Static<typeof KafkaJobFail>;
export type KafkaJobError = Static<typeof KafkaJobError>;
export type KafkaJobResult = Static<typeof KafkaJobResult>;

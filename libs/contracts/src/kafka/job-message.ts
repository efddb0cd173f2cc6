import { Type, type Static } from '@sinclair/typebox';
import { Key, NonEmpty, Variables } from '../json';

/**
 * A job as the engine publishes it to `<prefix>.jobs.<type>`, keyed by process instance key.
 * Keys are strings, times ms since the epoch (engine clock).
 */
export const KafkaJobMessage = Type.Object({
  jobKey: Key,
  /** The lease's attempt number (fencing token); send it back in the result. */
  attempt: Type.Integer({ minimum: 1 }),
  /** When the lease ends. A result after it is refused. Read rounded down to the millisecond. */
  deadline: Type.Number({ minimum: 0, description: 'a time in ms since the epoch' }),
  type: NonEmpty,
  /** Retries left, counting this attempt. */
  retries: Type.Integer({ minimum: 0 }),
  processInstanceKey: Key,
  processDefinitionKey: Key,
  processDefinitionId: NonEmpty,
  elementId: NonEmpty,
  elementInstanceKey: Key,
  customHeaders: Type.Record(Type.String(), Type.String(), { description: 'an object of string headers' }),
  tenantId: NonEmpty,
  /** The variables visible at the job's element. */
  variables: Variables,
});
export type KafkaJobMessage = Static<typeof KafkaJobMessage>;

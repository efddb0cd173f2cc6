import type { JsonValue } from '@osprey/runtime';
import type { ActivatedJob } from '@osprey/store';

/**
 * A job type the engine runs itself. `execute` returns what became of the job — completed
 * with variables, or a BPMN error the model can catch — and throws a {@link ConnectorError}
 * for a failure (retried when it is transient, an incident when it is not).
 */
export interface Connector {
  /** The job type served, e.g. `osprey:http`. */
  readonly type: string;
  /** Runs one job; `signal` aborts it when the engine shuts down. @throws ConnectorError */
  execute(job: ActivatedJob, signal: AbortSignal): Promise<ConnectorOutcome>;
}

/** A connector's result: the job completes, or its element throws a BPMN error. */
export type ConnectorOutcome =
  | { readonly kind: 'complete'; readonly variables: Record<string, JsonValue> }
  | { readonly kind: 'bpmn-error'; readonly errorCode: string; readonly errorMessage: string; readonly variables?: Record<string, JsonValue> };

/** Why a connector job failed. */
export type ConnectorErrorCode =
  /** A setting is missing or has the wrong type: fix the model. */
  | 'INVALID_CONFIGURATION'
  /** A FEEL expression in the configuration failed. */
  | 'EXPRESSION_FAILED'
  /** The target is not in the allow-list, or resolves to an address connectors may not reach. */
  | 'HOST_NOT_ALLOWED'
  /** The answer is larger than connectors accept. */
  | 'RESPONSE_TOO_LARGE'
  /** The target could not be reached or the exchange broke off. */
  | 'REQUEST_FAILED'
  /** No answer within the call's timeout. */
  | 'TIMEOUT'
  /** The target answered with an error status. */
  | 'ERROR_STATUS';

/** Codes worth another attempt; every other failure needs a person and becomes an incident at once. */
const TRANSIENT: ReadonlySet<ConnectorErrorCode> = new Set(['REQUEST_FAILED', 'TIMEOUT', 'ERROR_STATUS']);

/** A connector job failed; {@link transient} says whether retrying can help. */
export class ConnectorError extends Error {
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectorError';
  }

  /** True when another attempt may succeed (the job's retries count down); false = incident now. */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

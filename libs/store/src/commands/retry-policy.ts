import { parseIsoDuration, addDuration } from '@osprey/runtime';

/**
 * Task headers that declare a retry policy in the model, so workers need not compute back-offs:
 *
 * | header | meaning | example |
 * | --- | --- | --- |
 * | `osprey:retryBackoff` | first back-off (ISO 8601 duration or ms) | `PT5S` |
 * | `osprey:retryBackoffMultiplier` | factor per further failure | `2` |
 * | `osprey:retryBackoffMax` | cap (ISO 8601 duration or ms) | `PT5M` |
 * | `osprey:retryableErrorCodes` | BPMN error codes treated as failures that retry | `TIMEOUT,UNAVAILABLE` |
 *
 * The number of attempts is the task's `zeebe:taskDefinition retries`, as in Camunda 8.
 */
export const RETRY_HEADERS = {
  backoff: 'osprey:retryBackoff',
  multiplier: 'osprey:retryBackoffMultiplier',
  max: 'osprey:retryBackoffMax',
  retryableErrorCodes: 'osprey:retryableErrorCodes',
} as const;

/**
 * The back-off for a failure, in ms: the worker's `retryBackOff` when it sent one (> 0),
 * otherwise the model's policy for the `attempt`-th activation, otherwise 0.
 */
export function backoffFor(headers: Readonly<Record<string, string>>, attempt: number, requested: number | undefined): number {
  if (requested !== undefined && requested > 0) return requested;
  const initial = millis(headers[RETRY_HEADERS.backoff]);
  if (initial === undefined) return Math.max(0, requested ?? 0);
  const factor = Number(headers[RETRY_HEADERS.multiplier] ?? '1');
  const max = millis(headers[RETRY_HEADERS.max]) ?? Number.MAX_SAFE_INTEGER;
  const exponent = Math.max(0, attempt - 1);
  const value = initial * (Number.isFinite(factor) && factor >= 1 ? factor : 1) ** exponent;
  return Math.round(Math.min(value, max));
}

/** True when the model declares `code` retryable: the worker's BPMN error becomes a failure. */
export function isRetryableError(headers: Readonly<Record<string, string>>, code: string): boolean {
  const list = headers[RETRY_HEADERS.retryableErrorCodes];
  if (!list) return false;
  return list
    .split(',')
    .map((c) => c.trim())
    .includes(code);
}

function millis(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const d = parseIsoDuration(value.trim());
  return d === undefined ? undefined : addDuration(0, d);
}

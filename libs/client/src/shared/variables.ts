/** A JSON value, as process variables hold it (the contracts' type). */
export type { JsonValue } from '@osprey/contracts';

/**
 * Process variables: a JSON object. Kept as `Record<string, unknown>` so that a caller's own
 * interfaces (`interface Order { orderId: string }`) can be passed without an index signature.
 */
export type Variables = Record<string, unknown>;

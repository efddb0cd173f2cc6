/** A JSON value, as process variables hold it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Process variables: a JSON object. Kept as `Record<string, unknown>` so that a caller's own
 * interfaces (`interface Order { orderId: string }`) can be passed without an index signature.
 */
export type Variables = Record<string, unknown>;

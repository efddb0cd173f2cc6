import { Type, type IntegerOptions, type Static, type TSchema } from '@sinclair/typebox';
import { Key, Variables } from '../json';

/** Longest duration a request may give in milliseconds (job leases, message time-to-live): ten years. */
export const MAX_DURATION_MS = 10 * 365 * 24 * 3600 * 1000;

/** Largest PostgreSQL `integer`: counts and versions beyond it would fail the query, not the request. */
export const MAX_INT32 = 2_147_483_647;

/**
 * An integer Camunda types as int64. Strict-mode clients send those as decimal strings
 * (`"requestTimeout": "0"`), so a string of digits is accepted too (`format: 'int64'` marks it;
 * see `readRequest`).
 */
export function Int64(options: IntegerOptions = {}) {
  return Type.Integer({ ...options, format: 'int64' });
}

/**
 * Camunda's `operationReference`: a number (int64, at least 1) the caller chooses to find the
 * operation again. Osprey keeps it in the operation's audit entry, which names the records the
 * operation wrote (they share its transaction id).
 */
export const OperationReference = Type.Optional(Int64({ minimum: 1 }));

/** The body of an operation that takes nothing but Camunda's `operationReference` (a cancellation, an incident's resolution); it may be absent. */
export const OperationReferenceBody = Type.Object({ operationReference: OperationReference });
export type OperationReferenceBody = Static<typeof OperationReferenceBody>;

/** An int32 field: a PostgreSQL `integer` column behind it. */
export function Int32(options: IntegerOptions = {}) {
  return Type.Integer({ maximum: MAX_INT32, ...options });
}

/** A duration in milliseconds, up to ten years. */
export function DurationMs(minimum: number) {
  return Int64({ minimum, maximum: MAX_DURATION_MS });
}

/** A key in a request: a string of digits, or (for lenient clients) a safe integer. */
export const KeyParam = Type.Union([Key, Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })], { description: 'a key (a string of digits)' });

/** Variables in a request body. */
export const VariablesParam = Variables;

/** Names of variables. */
export const Names = Type.Array(Type.String(), { description: 'an array of strings' });

/** The caller's tenant (`<default>` unless multi-tenancy is on). */
export const TenantId = Type.String();

/**
 * A field that may be `null`. Written as a union with `Type.Null()`, so a request's `null` is
 * kept (see `readRequest`); `openApiSchema` writes it as OpenAPI 3.0's `nullable: true`.
 */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

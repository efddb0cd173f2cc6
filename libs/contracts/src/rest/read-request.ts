import type { Static, TSchema } from '@sinclair/typebox';
import { problemsOf } from '../check';

/** A request body that conforms to its contract, or every way it does not. */
export type ReadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Reads a JSON request body against its contract. Before checking, as Camunda's gateway does:
 * a `null` field counts as absent (unless its schema gives `null` a meaning, such as "clear"), and an int64 field (`format: 'int64'`) may be a string of
 * digits, which becomes its number. Unknown fields are dropped: a client may send more than
 * Osprey reads, and nothing unread reaches the engine.
 */
export function readRequest<T extends TSchema>(schema: T, raw: unknown): ReadResult<Static<T>> {
  const value = normalise(schema, raw ?? {});
  const problems = problemsOf(schema, value);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: value as Static<T> };
}

const DIGITS = /^-?[0-9]{1,19}$/;

/** True when `null` means something to the field (`Type.Null()` among its types): then it is kept. */
function acceptsNull(schema: TSchema): boolean {
  return schema.type === 'null' || (Array.isArray(schema.anyOf) && (schema.anyOf as TSchema[]).some(acceptsNull));
}

/** A copy of `value` with nulls and unknown fields dropped and int64 strings turned into numbers, where `schema` says so. */
function normalise(schema: TSchema, value: unknown): unknown {
  if (schema.type === 'integer' && schema.format === 'int64' && typeof value === 'string' && DIGITS.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (schema.type === 'object' && schema.properties && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const properties = schema.properties as Record<string, TSchema>;
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
      if (!properties[name] || (field === null && !acceptsNull(properties[name]))) continue;
      out[name] = normalise(properties[name], field);
    }
    return out;
  }
  return value;
}

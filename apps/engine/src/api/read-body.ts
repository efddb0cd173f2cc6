import type { Static, TSchema } from '@sinclair/typebox';
import { readRequest } from '@osprey/contracts';
import { ValidationError } from '@osprey/store';

/**
 * The request body checked against its contract from `@osprey/contracts`.
 * @throws ValidationError (400) naming every field that breaks it ("timeout: Expected an integer …")
 */
export function readBody<T extends TSchema>(schema: T, raw: unknown): Static<T> {
  const read = readRequest(schema, raw);
  if (!read.ok) throw new ValidationError('Invalid request body', read.problems);
  return read.value;
}

import { Type, type Static } from '@sinclair/typebox';

/** Any JSON value, as variables hold them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Variables by name: a JSON object whose values are any JSON. */
export const Variables = Type.Unsafe<{ [name: string]: JsonValue }>(Type.Record(Type.String(), Type.Unknown(), { description: 'an object of variables' }));
export type Variables = Static<typeof Variables>;

/** A key: a 64-bit integer written as a string of digits, as Camunda 8 writes keys in JSON. */
export const Key = Type.String({ pattern: '^[0-9]{1,19}$', description: 'a key (a string of digits)' });

/** A non-empty string. */
export const NonEmpty = Type.String({ minLength: 1 });

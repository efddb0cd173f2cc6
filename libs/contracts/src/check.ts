import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** At most this many problems are listed for one value: enough to act on, bounded for hostile input. */
const MAX_PROBLEMS = 20;

/**
 * Every way `value` breaks `schema`, as "field: Expected …, but found …" lines a person can
 * act on (the field as a dotted path; `body` or the message itself when the root is wrong).
 * Empty when it conforms.
 */
export function problemsOf(schema: TSchema, value: unknown, root = 'body'): string[] {
  const problems: string[] = [];
  for (const error of Value.Errors(schema, value)) {
    const path = error.path ? error.path.slice(1).replace(/\//g, '.') : root;
    const line = `${path}: Expected ${expectation(error.schema)}, but found ${describe(error.value)}`;
    if (!problems.includes(line)) problems.push(line);
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}

/** True when `value` conforms to `schema`; narrows its type. */
export function conforms<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return Value.Check(schema, value);
}

/** What a schema asks for, in words ("a non-empty string", "one of 'complete', 'fail', 'error'"). */
function expectation(schema: TSchema): string {
  if (typeof schema.description === 'string' && schema.description.length <= 80) return schema.description;
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.anyOf)) {
    const consts = (schema.anyOf as TSchema[]).filter((s) => 'const' in s).map((s) => JSON.stringify(s.const));
    if (consts.length === schema.anyOf.length) return `one of ${consts.join(', ')}`;
    return (schema.anyOf as TSchema[]).map(expectation).join(' or ');
  }
  switch (schema.type) {
    case 'string':
      return schema.minLength ? 'a non-empty string' : 'a string';
    case 'integer':
      return schema.minimum !== undefined ? `an integer of at least ${schema.minimum}` : 'an integer';
    case 'number':
      return schema.minimum !== undefined ? `a number of at least ${schema.minimum}` : 'a number';
    case 'boolean':
      return 'a boolean';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    default:
      return 'a value';
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

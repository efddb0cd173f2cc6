import { Type, type Static, type TObject, type TSchema, type TUnion } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** At most this many problems are listed for one value: enough to act on, bounded for hostile input. */
const MAX_PROBLEMS = 20;

/**
 * Every way `value` breaks `schema`, as "field: Expected …, but found …" lines a person can
 * act on (the field as a dotted path; `body` or the message itself when the root is wrong).
 * Empty when it conforms.
 */
export function problemsOf(schema: TSchema, value: unknown, root = 'body'): string[] {
  const variant = discriminated(schema, value, root);
  if (typeof variant === 'string') return [variant];
  const problems: string[] = [];
  for (const error of Value.Errors(variant, value)) {
    const path = error.path ? error.path.slice(1).replace(/\//g, '.') : root;
    const line = `${path}: Expected ${expectation(error.schema, error.value)}, but ${error.value === undefined ? 'it is missing' : `found ${describe(error.value)}`}`;
    if (!problems.includes(line)) problems.push(line);
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}

/**
 * A union whose variants differ by one field (`kind: 'complete' | 'fail' | 'error'`), marked by
 * a `discriminator` option: its problems are those of the variant the value names, which says
 * more than "matches none of three shapes".
 */
export function discriminatedUnion<T extends TObject[]>(field: string, variants: [...T]): TUnion<T> {
  return Type.Union(variants, { discriminator: field }) as TUnion<T>;
}

/** The variant `value` names, the schema itself when it is no discriminated union, or the problem with its discriminator. */
function discriminated(schema: TSchema, value: unknown, root: string): TSchema | string {
  const field = schema.discriminator as unknown;
  if (typeof field !== 'string' || !Array.isArray(schema.anyOf)) return schema;
  const variants = schema.anyOf as TObject[];
  const given = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  const match = variants.find((v) => (v.properties[field] as TSchema | undefined)?.const === given);
  if (match) return match;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${root}: Expected an object, but found ${describe(value)}`;
  const names = variants.map((v) => `'${String((v.properties[field] as TSchema).const)}'`);
  const expected = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
  return `${field}: Expected ${expected}, but ${given === undefined ? 'it is missing' : `found ${describe(given)}`}`;
}

/** True when `value` conforms to `schema`; narrows its type. */
export function conforms<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return Value.Check(schema, value);
}

/**
 * What a schema asks for, in words ("a non-empty string", "one of 'complete', 'fail', 'error'");
 * a number over its maximum is told the maximum, not the minimum it meets.
 */
function expectation(schema: TSchema, found?: unknown): string {
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
    case 'number': {
      const noun = schema.type === 'integer' ? 'an integer' : 'a number';
      if (typeof found === 'number' && typeof schema.maximum === 'number' && found > schema.maximum) return `${noun} of at most ${schema.maximum}`;
      return schema.minimum !== undefined ? `${noun} of at least ${schema.minimum}` : noun;
    }
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

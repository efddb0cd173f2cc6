import type { TSchema } from '@sinclair/typebox';

/**
 * One REST route as its contract states it: what it takes and what it answers. The engine's
 * controllers read bodies with these schemas and the OpenAPI document is generated from this
 * table, so a route's contract is written once.
 */
export interface RouteContract {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, keys in braces: `/v2/jobs/{jobKey}/completion`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  /** More words for the OpenAPI operation. */
  readonly description?: string;
  /** True for a route that needs no credentials (OpenAPI `security: []`). @default false */
  readonly public?: boolean;
  readonly body?: TSchema;
  /** The media type of the body; a multipart body is read part by part, not with `readRequest`. @default 'application/json' */
  readonly consumes?: 'application/json' | 'multipart/form-data';
  /** False when a client may send no body at all. @default true */
  readonly bodyRequired?: boolean;
  /** The 200 answer; absent for routes answering 204. */
  readonly response?: TSchema;
  /** The media type of the 200 answer. @default 'application/json' */
  readonly produces?: 'application/json' | 'text/xml' | 'application/x-ndjson';
  /** When the route may also answer 204 with no body: what that means. */
  readonly noContent?: string;
  /** Required request headers. */
  readonly headers?: Readonly<Record<string, TSchema>>;
  /** Optional query parameters. */
  readonly query?: Readonly<Record<string, TSchema>>;
  /** Path parameters that are not keys (a key, a string of digits, is the default). */
  readonly params?: Readonly<Record<string, TSchema>>;
  /** Problem statuses beyond those every route may answer. */
  readonly extraProblems?: readonly number[];
}

/**
 * A schema as OpenAPI 3.0 writes it: `const` becomes a one-value `enum`, a union of constants one
 * `enum`, a union with `null` a `nullable` schema, a record's `patternProperties` its `additionalProperties`, and TypeBox's own markers
 * (`discriminator`, `$id`) are left out. Plain JSON: the result can be served as it is.
 */
export function openApiSchema(schema: TSchema): Record<string, unknown> {
  // The reviver runs on the innermost values first, so a union sees its members already rewritten.
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => {
    if (key === 'discriminator' || key === '$id') return undefined;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const { const: only, anyOf, patternProperties, ...rest } = value as Record<string, unknown>;
    if (only !== undefined) return { ...rest, ...(anyOf ? { anyOf } : {}), enum: [only] };
    if (Array.isArray(anyOf) && anyOf.length === 2 && anyOf.some(isNullType)) {
      // OpenAPI 3.0 has no `null` type: `anyOf [X, null]` is X marked `nullable`.
      const other = anyOf.find((member) => !isNullType(member)) as Record<string, unknown>;
      return { ...rest, ...other, nullable: true };
    }
    if (Array.isArray(anyOf) && anyOf.every(isOneValueEnum)) {
      const types = new Set(anyOf.map((member: Record<string, unknown>) => member.type));
      return { ...rest, ...(types.size === 1 ? { type: [...types][0] } : {}), enum: anyOf.map((member: { enum: unknown[] }) => member.enum[0]) };
    }
    if (patternProperties && typeof patternProperties === 'object') {
      const [valueSchema] = Object.values(patternProperties);
      return { ...rest, ...(anyOf ? { anyOf } : {}), additionalProperties: valueSchema ?? true };
    }
    return value;
  }) as Record<string, unknown>;
}

/** `{ type?, enum: [one value] }`, as a literal becomes. */
function isOneValueEnum(member: unknown): member is { enum: unknown[] } {
  if (!member || typeof member !== 'object') return false;
  const { enum: values, type, ...others } = member as Record<string, unknown>;
  return Array.isArray(values) && values.length === 1 && (type === undefined || typeof type === 'string') && Object.keys(others).length === 0;
}

function isNullType(member: unknown): boolean {
  return typeof member === 'object' && member !== null && (member as { type?: unknown }).type === 'null';
}

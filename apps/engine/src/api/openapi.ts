import { openApiSchema, ROUTE_CONTRACTS, SearchRequest, type RouteContract } from '@osprey/contracts';

/** A key in a path: Camunda 8 writes keys as strings of digits. */
const key = { type: 'string', pattern: '^\\d{1,19}$', example: '2251799813685249' };
const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const tooMany = {
  description: 'RFC 9457 problem details: the engine is over capacity (load shedding); retry after the Retry-After header',
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } },
  content: problem.content,
};
const unavailable = {
  description: 'RFC 9457 problem details: the database is unreachable; retry after the Retry-After header',
  headers: tooMany.headers,
  content: problem.content,
};
// 413: a body, variable or instance's variables over their limit; 429: load shedding (docs/security.md);
// 503: the database is unreachable (docs/operations.md, "Health").
/** Any route may also answer 401 (no valid credentials) and 403 (a right or a tenant the caller lacks). */
const errors = { '400': problem, '401': problem, '403': problem, '404': problem, '409': problem, '413': problem, '429': tooMany, '500': problem, '503': unavailable };
const answer = (schema: object, type = 'application/json') => ({ description: 'OK', content: { [type]: { schema } } });
const json = (schema: object, required = true, type = 'application/json') => ({ required, content: { [type]: { schema } } });
const pathKey = (name: string) => ({ name, in: 'path', required: true, schema: key });

/** The OpenAPI operation of a route, from its contract. */
function fromContract(route: RouteContract) {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    const own = route.params?.[name!];
    return own ? { name, in: 'path', required: true, schema: openApiSchema(own) } : pathKey(name!);
  });
  for (const [name, schema] of Object.entries(route.headers ?? {})) params.push({ name, in: 'header', required: true, schema: openApiSchema(schema) });
  for (const [name, schema] of Object.entries(route.query ?? {})) params.push({ name, in: 'query', required: false, schema: openApiSchema(schema) });
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.public ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(route.body ? { requestBody: json(openApiSchema(route.body), route.bodyRequired ?? true, route.consumes) } : {}),
    responses: {
      ...(route.response ? { '200': answer(openApiSchema(route.response), route.produces) } : {}),
      ...(!route.response || route.noContent ? { '204': { description: route.noContent ?? 'Done' } } : {}),
      ...Object.fromEntries((route.extraProblems ?? []).map((status) => [String(status), problem])),
      ...errors,
    },
  };
}

/** Every route's operation, per path and method, generated from `ROUTE_CONTRACTS`. */
function paths(): Record<string, Record<string, unknown>> {
  const byPath: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTE_CONTRACTS) (byPath[route.path] ??= {})[route.method] = fromContract(route);
  return byPath;
}

/**
 * The OpenAPI 3.0 description of Osprey's `/v2` REST API, served at `/v2/api-docs`, generated
 * from the routes' contracts in `@osprey/contracts`. Field names follow Camunda 8's
 * Orchestration Cluster API.
 */
export const OPENAPI_DOCUMENT = {
  openapi: '3.0.3',
  info: {
    title: 'Osprey REST API',
    version: '0.1.0',
    description: 'A compatible subset of the Camunda 8 Orchestration Cluster REST API (/v2), plus Osprey additions.',
  },
  servers: [{ url: '/' }],
  paths: paths(),
  security: [{ bearer: [] }, { apiKey: [] }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          instance: { type: 'string' },
          errors: { type: 'array', items: { type: 'string' } },
        },
      },
      SearchRequest: openApiSchema(SearchRequest),
    },
  },
} as const;

import { INSTANCE_CHANGES_OPENAPI_PATHS } from './instance-changes.openapi';
import { openApiSchema, ROUTE_CONTRACTS, SearchRequest, type RouteContract } from '@osprey/contracts';

/**
 * The OpenAPI 3.0 description of Osprey's `/v2` REST API, served at `/v2/api-docs`. Field names
 * follow Camunda 8's Orchestration Cluster API; keys are strings of digits.
 */
const key = { type: 'string', pattern: '^\\d{1,19}$', example: '2251799813685249' };
const variables = { type: 'object', additionalProperties: true };
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
const ok = (schema: object) => ({ description: 'OK', content: { 'application/json': { schema } } });
const answer = (schema: object, type = 'application/json') => ({ description: 'OK', content: { [type]: { schema } } });
const noContent = { '204': { description: 'Done' } };
const json = (schema: object, required = true, type = 'application/json') => ({ required, content: { [type]: { schema } } });
const pathKey = (name: string) => [{ name, in: 'path', required: true, schema: key }];
const userTaskChangeset = {
  type: 'object',
  properties: {
    dueDate: { type: 'string', format: 'date-time', nullable: true },
    followUpDate: { type: 'string', format: 'date-time', nullable: true },
    candidateGroups: { type: 'array', items: { type: 'string' } },
    candidateUsers: { type: 'array', items: { type: 'string' } },
    priority: { type: 'integer', minimum: 0, maximum: 100 },
  },
};

function getOne(tag: string, summary: string, param: string) {
  return { get: { tags: [tag], summary, parameters: pathKey(param), responses: { '200': ok({ type: 'object' }), ...errors } } };
}

/** The operation of a route whose contract lives in `@osprey/contracts`. */
function fromContract(route: RouteContract) {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    const own = route.params?.[name!];
    return own ? { name, in: 'path', required: true, schema: openApiSchema(own) } : pathKey(name!)[0]!;
  });
  for (const [name, schema] of Object.entries(route.query ?? {})) params.push({ name, in: 'query', required: false, schema: openApiSchema(schema) });
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(params.length ? { parameters: params } : {}),
    ...(route.body ? { requestBody: json(openApiSchema(route.body), route.bodyRequired ?? true, route.consumes) } : {}),
    responses: {
      ...(route.response ? { '200': answer(openApiSchema(route.response), route.produces) } : noContent),
      ...Object.fromEntries((route.extraProblems ?? []).map((status) => [String(status), problem])),
      ...errors,
    },
  };
}

/** `paths` with the operations of the routes described by their contracts added, per path and method. */
function withContracts(paths: Record<string, object>): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = Object.fromEntries(Object.entries(paths).map(([path, ops]) => [path, { ...ops }]));
  for (const route of ROUTE_CONTRACTS) (merged[route.path] ??= {})[route.method] = fromContract(route);
  return merged;
}

const DOCUMENT = {
  openapi: '3.0.3',
  info: {
    title: 'Osprey REST API',
    version: '0.1.0',
    description: 'A compatible subset of the Camunda 8 Orchestration Cluster REST API (/v2), plus Osprey additions.',
  },
  servers: [{ url: '/' }],
  paths: {
    '/v2/topology': { get: { tags: ['Cluster'], summary: 'Cluster topology', security: [], responses: { '200': ok({ type: 'object' }) } } },
    '/v2/element-instances/{elementInstanceKey}': getOne('Element instance', 'Get an element instance', 'elementInstanceKey'),
    '/v2/element-instances/{elementInstanceKey}/variables': {
      put: {
        tags: ['Element instance'],
        summary: 'Set variables on a scope',
        parameters: pathKey('elementInstanceKey'),
        requestBody: json({ type: 'object', required: ['variables'], properties: { variables, local: { type: 'boolean' } } }),
        responses: { ...noContent, ...errors },
      },
    },
    '/v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation': {
      post: {
        tags: ['Ad-hoc sub-process'],
        summary: 'Activate inner elements of an active ad-hoc sub-process',
        parameters: pathKey('adHocSubProcessInstanceKey'),
        requestBody: json({
          type: 'object',
          required: ['elements'],
          properties: {
            elements: {
              type: 'array',
              items: { type: 'object', required: ['elementId'], properties: { elementId: { type: 'string' }, variables } },
            },
          },
        }),
        responses: { ...noContent, ...errors },
      },
    },
    '/v2/variables/{variableKey}': getOne('Variable', 'Get a variable', 'variableKey'),
    '/v2/user-tasks/{userTaskKey}': {
      ...getOne('User task', 'Get a user task', 'userTaskKey'),
      patch: {
        tags: ['User task'],
        summary: "Change a user task's due/follow-up dates, candidates or priority",
        parameters: pathKey('userTaskKey'),
        requestBody: json({ type: 'object', properties: { changeset: userTaskChangeset, action: { type: 'string' } } }),
        responses: { ...noContent, ...errors },
      },
    },
    '/v2/user-tasks/{userTaskKey}/update': {
      patch: {
        tags: ['User task'],
        summary: 'Change a user task (the path some Camunda clients use)',
        parameters: pathKey('userTaskKey'),
        requestBody: json({ type: 'object', properties: { changeset: userTaskChangeset, action: { type: 'string' } } }),
        responses: { ...noContent, ...errors },
      },
    },
    '/v2/user-tasks/{userTaskKey}/form': getOne('User task', "Get a user task's form", 'userTaskKey'),
    '/v2/user-tasks/{userTaskKey}/assignment': {
      post: {
        tags: ['User task'],
        summary: 'Assign (claim or delegate) a user task',
        parameters: pathKey('userTaskKey'),
        requestBody: json({ type: 'object', required: ['assignee'], properties: { assignee: { type: 'string' }, allowOverride: { type: 'boolean' } } }),
        responses: { ...noContent, ...errors },
      },
    },
    '/v2/user-tasks/{userTaskKey}/assignee': {
      delete: { tags: ['User task'], summary: 'Unassign a user task', parameters: pathKey('userTaskKey'), responses: { ...noContent, ...errors } },
    },
    '/v2/user-tasks/{userTaskKey}/completion': {
      post: {
        tags: ['User task'],
        summary: 'Complete a user task',
        parameters: pathKey('userTaskKey'),
        requestBody: json({ type: 'object', properties: { variables, action: { type: 'string' } } }, false),
        responses: { ...noContent, ...errors },
      },
    },
    '/v2/webhooks/{name}': {
      post: {
        tags: ['Webhook'],
        summary: 'Receive a signed webhook and publish the message it configures (Osprey)',
        security: [],
        description: 'Signed with X-Osprey-Signature: sha256=<HMAC of "<timestamp>.<body>"> and X-Osprey-Timestamp; see docs/webhooks.md.',
        parameters: [
          { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'X-Osprey-Signature', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'X-Osprey-Timestamp', in: 'header', required: true, schema: { type: 'string' } },
        ],
        requestBody: json({ type: 'object', additionalProperties: true }),
        responses: { '200': ok({ type: 'object' }), ...errors },
      },
    },
    '/v2/osprey/sign-in': {
      post: {
        tags: ['Identity'],
        summary: 'Development sign-in: a short-lived token for a configured development user (Osprey)',
        security: [],
        requestBody: json({ type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } }),
        responses: { '200': ok({ type: 'object' }), ...errors },
      },
    },
    '/v2/authentication/me': {
      get: {
        tags: ['Identity'],
        summary: 'The signed-in user, their groups and the tenants they work in',
        responses: {
          '200': ok({
            type: 'object',
            properties: {
              username: { type: 'string' },
              groups: { type: 'array', items: { type: 'string' } },
              tenants: { type: 'array', items: { type: 'object', properties: { tenantId: { type: 'string' }, name: { type: 'string' } } } },
            },
          }),
          '401': problem,
        },
      },
    },
    '/v2/users/search': {
      post: {
        tags: ['Identity'],
        summary: 'The users work can be delegated to (the development users; none with OIDC sign-in)',
        responses: {
          '200': ok({
            type: 'object',
            properties: {
              items: { type: 'array', items: { type: 'object', properties: { username: { type: 'string' }, name: { type: 'string' }, groups: { type: 'array', items: { type: 'string' } } } } },
              page: { type: 'object', properties: { totalItems: { type: 'integer' } } },
            },
          }),
          ...errors,
        },
      },
    },
    ...INSTANCE_CHANGES_OPENAPI_PATHS,
  },
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

/**
 * The OpenAPI 3.0 description of Osprey's `/v2` REST API, served at `/v2/api-docs`: the routes
 * whose contracts live in `@osprey/contracts` generated from them, the rest still written here.
 */
export const OPENAPI_DOCUMENT = { ...DOCUMENT, paths: withContracts(DOCUMENT.paths) };

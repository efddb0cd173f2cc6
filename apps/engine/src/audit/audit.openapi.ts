/** OpenAPI paths of the audit endpoints, spread into the document in `api/openapi.ts`. */
const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const entry = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    seq: { type: 'string', nullable: true, description: 'Position in the hash chain; null until sealed' },
    kind: { type: 'string', enum: ['REQUEST', 'RETENTION'] },
    occurredAt: { type: 'string', format: 'date-time' },
    actorKind: { type: 'string', nullable: true },
    actorId: { type: 'string', nullable: true },
    operation: { type: 'string', example: 'POST /v2/jobs/:key/completion' },
    targets: { type: 'object', additionalProperties: { type: 'string' } },
    summary: { nullable: true },
    outcome: { type: 'string', enum: ['SUCCEEDED', 'REJECTED', 'DENIED', 'FAILED'] },
    status: { type: 'integer', nullable: true },
    ip: { type: 'string', nullable: true },
    userAgent: { type: 'string', nullable: true },
    requestId: { type: 'string', nullable: true },
    prevHash: { type: 'string', nullable: true },
    hash: { type: 'string', nullable: true },
    sealed: { type: 'boolean' },
  },
};
const dateParam = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string', format: 'date-time' } });

export const AUDIT_OPENAPI_PATHS = {
  '/v2/audit/verify': {
    get: {
      tags: ['Audit'],
      summary: 'Recompute the audit hash chain (Osprey, admins)',
      responses: {
        '200': {
          description: 'OK',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  valid: { type: 'boolean' },
                  checked: { type: 'integer' },
                  unsealed: { type: 'integer' },
                  tip: { type: 'object', properties: { seq: { type: 'string' }, hash: { type: 'string' } } },
                  firstInvalid: { type: 'object', properties: { id: { type: 'string' }, seq: { type: 'string' }, reason: { type: 'string' } } },
                },
              },
            },
          },
        },
        '403': problem,
      },
    },
  },
  '/v2/audit/search': {
    post: {
      tags: ['Audit'],
      summary: 'Search audit entries, oldest first (Osprey, admins)',
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                filter: {
                  type: 'object',
                  properties: {
                    from: { type: 'string', format: 'date-time' },
                    to: { type: 'string', format: 'date-time' },
                    actorId: { type: 'string' },
                    operation: { type: 'string' },
                    targetKey: { type: 'string' },
                    outcome: { type: 'string' },
                  },
                },
                page: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 }, after: { type: 'string' } } },
              },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'OK',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { items: { type: 'array', items: entry }, page: { type: 'object', properties: { totalItems: { type: 'integer' }, endCursor: { type: 'string' } } } } },
            },
          },
        },
        '400': problem,
        '403': problem,
      },
    },
  },
  '/v2/audit/export': {
    get: {
      tags: ['Audit'],
      summary: 'Export audit entries as JSON lines, streamed (Osprey, admins)',
      parameters: [dateParam('from', 'Inclusive lower bound on occurredAt'), dateParam('to', 'Exclusive upper bound on occurredAt')],
      responses: { '200': { description: 'One entry per line', content: { 'application/x-ndjson': { schema: entry } } }, '400': problem, '403': problem },
    },
  },
};

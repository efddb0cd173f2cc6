/** OpenAPI paths of modification and migration, spread into the document in `api/openapi.ts`. */
const key = { type: 'string', pattern: '^\\d{1,19}$', example: '2251799813685249' };
const problem = {
  description: 'RFC 9457 problem details; a refused migration plan lists every problem in `errors`',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const errors = { '400': problem, '404': problem, '409': problem, '500': problem };
const json = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const ok = (schema: object) => ({ description: 'OK', content: { 'application/json': { schema } } });
const instanceKey = [{ name: 'processInstanceKey', in: 'path', required: true, schema: key }];
const tags = ['Process instance'];

const mappingInstructions = {
  type: 'array',
  items: {
    type: 'object',
    required: ['sourceElementId', 'targetElementId'],
    properties: { sourceElementId: { type: 'string' }, targetElementId: { type: 'string' } },
  },
  description:
    'Source → target element ids. An active element no instruction names keeps its id when the target has it.',
};
const plan = {
  targetProcessDefinitionKey: key,
  mappingInstructions,
  dryRun: { type: 'boolean', default: false, description: 'Osprey: check the plan only, change nothing' },
};
const check = {
  type: 'object',
  properties: {
    processInstanceKey: key,
    sourceProcessDefinitionKey: key,
    targetProcessDefinitionKey: key,
    dryRun: { type: 'boolean' },
    valid: { type: 'boolean' },
    errors: { type: 'array', items: { type: 'string' } },
  },
};

export const INSTANCE_CHANGES_OPENAPI_PATHS = {
  '/v2/process-instances/{processInstanceKey}/modification': {
    post: {
      tags,
      summary: 'Modify a process instance: terminate element instances, then activate elements',
      parameters: instanceKey,
      requestBody: json({
        type: 'object',
        properties: {
          activateInstructions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['elementId'],
              properties: {
                elementId: { type: 'string' },
                ancestorElementInstanceKey: key,
                variableInstructions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      variables: { type: 'object', additionalProperties: true },
                      scopeId: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
          terminateInstructions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['elementInstanceKey'],
              properties: { elementInstanceKey: key },
            },
          },
        },
      }),
      responses: { '204': { description: 'Modified' }, ...errors },
    },
  },
  '/v2/process-instances/{processInstanceKey}/migration': {
    post: {
      tags,
      summary: 'Migrate a process instance to another process definition (or check the plan with dryRun)',
      parameters: instanceKey,
      requestBody: json({ type: 'object', required: ['targetProcessDefinitionKey'], properties: plan }),
      responses: { '200': ok(check), '204': { description: 'Migrated' }, ...errors },
    },
  },
  '/v2/process-instances/migration': {
    post: {
      tags,
      summary: 'Osprey: migrate every active instance of a definition, each in its own transaction',
      requestBody: json({
        type: 'object',
        required: ['filter', 'targetProcessDefinitionKey'],
        properties: {
          filter: {
            type: 'object',
            description: 'processDefinitionKey, or processDefinitionId and processDefinitionVersion',
            properties: {
              processDefinitionKey: key,
              processDefinitionId: { type: 'string' },
              processDefinitionVersion: { type: 'integer', minimum: 1 },
              tenantId: { type: 'string' },
            },
          },
          ...plan,
        },
      }),
      responses: {
        '200': ok({
          type: 'object',
          properties: {
            dryRun: { type: 'boolean' },
            targetProcessDefinitionKey: key,
            total: { type: 'integer' },
            migrated: { type: 'integer', description: 'On a dry run: instances whose plan holds' },
            failed: { type: 'integer' },
            failures: {
              type: 'array',
              items: {
                type: 'object',
                properties: { processInstanceKey: key, errors: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        }),
        ...errors,
      },
    },
  },
};

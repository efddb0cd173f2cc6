/** OpenAPI paths of the DMN decision endpoints, spread into the document in `api/openapi.ts`. */
const key = { type: 'string', pattern: '^\\d{1,19}$', example: '2251799813685249' };
const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const errors = { '400': problem, '401': problem, '403': problem, '404': problem, '500': problem };
const ok = (schema: object) => ({ description: 'OK', content: { 'application/json': { schema } } });
const xml = { description: 'XML', content: { 'text/xml': { schema: { type: 'string' } } } };
const searchBody = { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchRequest' } } } };
const pathKey = (name: string, schema: object = key) => [{ name, in: 'path', required: true, schema }];
const page = (item: object) => ({
  type: 'object',
  properties: { items: { type: 'array', items: item }, page: { type: 'object', properties: { totalItems: { type: 'integer' } } } },
});
const jsonText = { type: 'string', description: 'A JSON value as text' };

const decisionDefinition = {
  type: 'object',
  properties: {
    decisionDefinitionKey: key,
    decisionDefinitionId: { type: 'string' },
    name: { type: 'string' },
    version: { type: 'integer' },
    versionTag: { type: 'string' },
    decisionRequirementsKey: key,
    decisionRequirementsId: { type: 'string' },
    tenantId: { type: 'string' },
  },
};
const decisionRequirements = {
  type: 'object',
  properties: {
    decisionRequirementsKey: key,
    decisionRequirementsId: { type: 'string' },
    decisionRequirementsName: { type: 'string' },
    version: { type: 'integer' },
    resourceName: { type: 'string' },
    tenantId: { type: 'string' },
  },
};
const evaluatedInput = { type: 'object', properties: { inputId: { type: 'string' }, inputName: { type: 'string' }, inputValue: jsonText } };
const matchedRule = {
  type: 'object',
  properties: {
    ruleId: { type: 'string' },
    ruleIndex: { type: 'integer', description: '1-based position of the rule in its table' },
    evaluatedOutputs: { type: 'array', items: { type: 'object', properties: { outputId: { type: 'string' }, outputName: { type: 'string' }, outputValue: jsonText } } },
  },
};
const decisionType = { type: 'string', enum: ['DECISION_TABLE', 'LITERAL_EXPRESSION'] };
const decisionInstance = {
  type: 'object',
  properties: {
    decisionEvaluationInstanceKey: { type: 'string', example: '2251799813685249-1', description: '<decisionEvaluationKey>-<index of the decision in its evaluation>' },
    decisionEvaluationKey: key,
    state: { type: 'string', enum: ['EVALUATED', 'FAILED'] },
    evaluationDate: { type: 'string', format: 'date-time' },
    evaluationFailure: { type: 'string' },
    decisionDefinitionKey: key,
    decisionDefinitionId: { type: 'string' },
    decisionDefinitionName: { type: 'string' },
    decisionDefinitionVersion: { type: 'integer' },
    decisionDefinitionType: decisionType,
    decisionRequirementsKey: key,
    rootDecisionDefinitionKey: key,
    result: jsonText,
    processDefinitionKey: key,
    processInstanceKey: key,
    elementInstanceKey: key,
    elementId: { type: 'string' },
    tenantId: { type: 'string' },
  },
};
const evaluatedDecision = {
  type: 'object',
  properties: {
    decisionDefinitionId: { type: 'string' },
    decisionDefinitionKey: key,
    decisionDefinitionName: { type: 'string' },
    decisionDefinitionVersion: { type: 'integer' },
    decisionDefinitionType: decisionType,
    decisionEvaluationInstanceKey: { type: 'string' },
    output: jsonText,
    tenantId: { type: 'string' },
    evaluatedInputs: { type: 'array', items: evaluatedInput },
    matchedRules: { type: 'array', items: matchedRule },
  },
};
const tags = ['Decision'];

export const DECISIONS_OPENAPI_PATHS = {
  '/v2/decision-definitions/evaluation': {
    post: {
      tags,
      summary: 'Evaluate a decision (by id: its latest version in the tenant; or by key), stored as decision instances',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: { decisionDefinitionId: { type: 'string' }, decisionDefinitionKey: key, variables: { type: 'object', additionalProperties: true }, tenantId: { type: 'string' } },
            },
          },
        },
      },
      responses: {
        '200': ok({
          type: 'object',
          description: 'The output, or the decision that failed and why (failedDecisionDefinitionId, failureMessage)',
          properties: {
            decisionDefinitionId: { type: 'string' },
            decisionDefinitionKey: key,
            decisionDefinitionName: { type: 'string' },
            decisionDefinitionVersion: { type: 'integer' },
            decisionRequirementsId: { type: 'string' },
            decisionRequirementsKey: key,
            output: jsonText,
            failedDecisionDefinitionId: { type: 'string' },
            failureMessage: { type: 'string' },
            tenantId: { type: 'string' },
            decisionEvaluationKey: key,
            decisionInstanceKey: { ...key, deprecated: true },
            evaluatedDecisions: { type: 'array', items: evaluatedDecision },
          },
        }),
        ...errors,
      },
    },
  },
  '/v2/osprey/decision-evaluation': {
    post: {
      tags,
      summary: 'Osprey: evaluate a decision of a DMN file that is not deployed (nothing is stored); 400 lists every problem of the file',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['xml', 'decisionId'], properties: { xml: { type: 'string' }, decisionId: { type: 'string' }, variables: { type: 'object', additionalProperties: true } } } } },
      },
      responses: {
        '200': ok({
          type: 'object',
          properties: { decisionDefinitionId: { type: 'string' }, output: jsonText, failedDecisionDefinitionId: { type: 'string' }, failureMessage: { type: 'string' }, evaluatedDecisions: { type: 'array', items: evaluatedDecision } },
        }),
        ...errors,
      },
    },
  },
  '/v2/decision-definitions/search': { post: { tags, summary: 'Search decision definitions', requestBody: searchBody, responses: { '200': ok(page(decisionDefinition)), ...errors } } },
  '/v2/decision-definitions/{decisionDefinitionKey}': {
    get: { tags, summary: 'Get a decision definition', parameters: pathKey('decisionDefinitionKey'), responses: { '200': ok(decisionDefinition), ...errors } },
  },
  '/v2/decision-definitions/{decisionDefinitionKey}/xml': {
    get: { tags, summary: 'Get the DMN XML a decision definition belongs to', parameters: pathKey('decisionDefinitionKey'), responses: { '200': xml, ...errors } },
  },
  '/v2/decision-requirements/search': { post: { tags, summary: 'Search decision requirements', requestBody: searchBody, responses: { '200': ok(page(decisionRequirements)), ...errors } } },
  '/v2/decision-requirements/{decisionRequirementsKey}': {
    get: { tags, summary: 'Get decision requirements', parameters: pathKey('decisionRequirementsKey'), responses: { '200': ok(decisionRequirements), ...errors } },
  },
  '/v2/decision-requirements/{decisionRequirementsKey}/xml': {
    get: { tags, summary: 'Get the DMN XML of decision requirements', parameters: pathKey('decisionRequirementsKey'), responses: { '200': xml, ...errors } },
  },
  '/v2/decision-instances/search': { post: { tags, summary: 'Search decision instances', requestBody: searchBody, responses: { '200': ok(page(decisionInstance)), ...errors } } },
  '/v2/decision-instances/{decisionEvaluationInstanceKey}': {
    get: {
      tags,
      summary: 'Get a decision instance with its evaluated inputs and matched rules',
      parameters: pathKey('decisionEvaluationInstanceKey', { type: 'string', pattern: '^\\d{1,19}(-\\d{1,6})?$' }),
      responses: { '200': ok({ ...decisionInstance, properties: { ...decisionInstance.properties, evaluatedInputs: { type: 'array', items: evaluatedInput }, matchedRules: { type: 'array', items: matchedRule } } }), ...errors },
    },
  },
};

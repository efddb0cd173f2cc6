import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engineForFile, ok } from './support';

/** Every route of the REST API, as OpenAPI writes it. */
const ROUTES: Record<string, string[]> = {
  '/v2/topology': ['get'],
  '/v2/deployments': ['post'],
  '/v2/process-definitions/search': ['post'],
  '/v2/process-definitions/{processDefinitionKey}': ['get'],
  '/v2/process-definitions/{processDefinitionKey}/xml': ['get'],
  '/v2/process-instances': ['post'],
  '/v2/process-instances/search': ['post'],
  '/v2/process-instances/{processInstanceKey}': ['get'],
  '/v2/process-instances/{processInstanceKey}/cancellation': ['post'],
  '/v2/process-instances/{processInstanceKey}/modification': ['post'],
  '/v2/process-instances/{processInstanceKey}/migration': ['post'],
  '/v2/process-instances/migration': ['post'],
  '/v2/element-instances/search': ['post'],
  '/v2/element-instances/{elementInstanceKey}': ['get'],
  '/v2/element-instances/{elementInstanceKey}/variables': ['put'],
  '/v2/variables/search': ['post'],
  '/v2/variables/{variableKey}': ['get'],
  '/v2/jobs/activation': ['post'],
  '/v2/jobs/search': ['post'],
  '/v2/jobs/{jobKey}': ['patch'],
  '/v2/jobs/{jobKey}/completion': ['post'],
  '/v2/jobs/{jobKey}/failure': ['post'],
  '/v2/jobs/{jobKey}/error': ['post'],
  '/v2/user-tasks/search': ['post'],
  '/v2/user-tasks/{userTaskKey}': ['get'],
  '/v2/user-tasks/{userTaskKey}/form': ['get'],
  '/v2/user-tasks/{userTaskKey}/assignment': ['post'],
  '/v2/user-tasks/{userTaskKey}/assignee': ['delete'],
  '/v2/user-tasks/{userTaskKey}/completion': ['post'],
  '/v2/messages/publication': ['post'],
  '/v2/messages/correlation': ['post'],
  '/v2/signals/broadcast': ['post'],
  '/v2/incidents/search': ['post'],
  '/v2/incidents/{incidentKey}': ['get'],
  '/v2/incidents/{incidentKey}/resolution': ['post'],
};

describe('api-docs: GET /v2/api-docs', () => {
  const ctx = engineForFile('api_docs');

  it('is an OpenAPI 3 document listing every path and operation of the API', async () => {
    const doc = ok(await ctx.api.get('/v2/api-docs'));
    assert.match(doc.openapi, /^3\.\d+\.\d+$/);
    assert.equal(typeof doc.info?.title, 'string');
    assert.equal(typeof doc.info?.version, 'string');
    for (const [path, methods] of Object.entries(ROUTES)) {
      assert.ok(doc.paths[path], `${path} is documented`);
      for (const method of methods) {
        const operation = doc.paths[path][method];
        assert.ok(operation, `${method.toUpperCase()} ${path} is documented`);
        assert.ok(
          operation.responses && Object.keys(operation.responses).length > 0,
          `${method.toUpperCase()} ${path} lists its responses`,
        );
      }
    }
  });

  it('resolves every $ref it uses, and every path parameter is declared', async () => {
    const doc = ok(await ctx.api.get('/v2/api-docs'));
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const pointer = ref.slice('"$ref":"'.length, -1);
      assert.match(pointer, /^#\//);
      const target = pointer
        .slice(2)
        .split('/')
        .reduce((node: any, part) => node?.[part], doc);
      assert.ok(target, `${pointer} resolves`);
    }
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values<any>(item)) {
        const declared = (operation.parameters ?? [])
          .filter((p: any) => p.in === 'path')
          .map((p: any) => p.name);
        assert.deepEqual(declared.sort(), [...names].sort(), `path parameters of ${path}`);
      }
    }
  });
});

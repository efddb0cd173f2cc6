import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OPENAPI_DOCUMENT } from '../../src/api/openapi';
import { registeredRoutes } from '../support/routes';

/** `/v2/api-docs` must describe every `/v2` route the engine serves, so clients can trust it. */
describe('the OpenAPI document', () => {
  it('documents every /v2 route the controllers register', () => {
    const paths = OPENAPI_DOCUMENT.paths as Record<string, Record<string, unknown>>;
    const missing = registeredRoutes()
      .filter((r) => r.split(' ')[1]!.startsWith('/v2/') && r !== 'GET /v2/api-docs')
      .filter((r) => {
        const [method, path] = r.split(' ') as [string, string];
        const openApiPath = path.replace(/:([A-Za-z]+)/g, '{$1}');
        const entry = Object.entries(paths).find(([p]) => p.replace(/\{[^}]+\}/g, '{}') === openApiPath.replace(/\{[^}]+\}/g, '{}'));
        return !entry || !(method.toLowerCase() in entry[1]);
      });
    assert.deepEqual(missing, [], 'add these routes to ROUTE_CONTRACTS in @osprey/contracts');
  });
});

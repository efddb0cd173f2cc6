import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registeredRoutes } from '../support/routes';
import { ROUTE_RIGHTS, ruleFor } from '../../src/auth';

describe('the route rights table', () => {
  it('has an entry for every registered route', () => {
    const routes = registeredRoutes();
    assert.ok(routes.length > 40, `expected the API's routes, found ${routes.length}`);
    const missing = routes.filter((r) => !(r in ROUTE_RIGHTS));
    assert.deepEqual(missing, [], 'add these routes to apps/engine/src/auth/route-rights.ts');
  });

  it('denies a route it does not know, and treats HEAD as GET', () => {
    assert.equal(ruleFor('POST', '/v2/something-new'), undefined);
    assert.equal(ruleFor('GET', '/v2/__proto__'), undefined);
    assert.deepEqual(ruleFor('HEAD', '/health/live'), { public: true });
  });

  it('keeps only the probes, topology, sign-in and signed webhooks public', () => {
    const open = Object.entries(ROUTE_RIGHTS)
      .filter(([, rule]) => 'public' in rule)
      .map(([route]) => route)
      .sort();
    assert.deepEqual(open, ['GET /health/live', 'GET /health/ready', 'GET /metrics', 'GET /v2/topology', 'POST /v2/osprey/sign-in', 'POST /v2/webhooks/:name']);
  });
});

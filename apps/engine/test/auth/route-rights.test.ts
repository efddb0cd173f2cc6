import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AppModule, type AppDependencies } from '../../src/app.module';
import { ROUTE_RIGHTS, ruleFor } from '../../src/auth';

/** Every route the app module's controllers register, as `METHOD /path/:param`. */
function registeredRoutes(): string[] {
  const controllers = AppModule.create({} as AppDependencies).controllers ?? [];
  const routes: string[] = [];
  for (const controller of controllers) {
    const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
    const proto = (controller as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = (proto as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || paths === undefined) continue;
      for (const b of base) {
        for (const p of [paths].flat()) routes.push(`${RequestMethod[method]} /${[b, p].join('/').split('/').filter(Boolean).join('/')}`);
      }
    }
  }
  return routes;
}

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

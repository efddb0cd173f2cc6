import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTE_CONTRACTS } from '../src';

/** The route table the engine registers its handlers from and the OpenAPI document is generated from. */
describe('the route table', () => {
  it('holds each method and path once', () => {
    const seen = ROUTE_CONTRACTS.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    assert.deepEqual(
      seen.filter((route, i) => seen.indexOf(route) !== i),
      [],
    );
  });

  it('describes every path parameter: a key (`…Key`) by default, any other by its own schema', () => {
    for (const route of ROUTE_CONTRACTS) {
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
        assert.ok(name!.endsWith('Key') || route.params?.[name!], `${route.method} ${route.path}: {${name}} is no key and has no schema in params`);
      }
      for (const name of Object.keys(route.params ?? {})) assert.ok(route.path.includes(`{${name}}`), `${route.method} ${route.path}: params names {${name}}, which the path lacks`);
    }
  });

  it('gives a body to every put and none to a get or delete', () => {
    for (const route of ROUTE_CONTRACTS) {
      if (route.method === 'get' || route.method === 'delete') assert.equal(route.body, undefined, `${route.method} ${route.path}`);
      if (route.method === 'put') assert.ok(route.body, `${route.method} ${route.path}`);
    }
  });
});

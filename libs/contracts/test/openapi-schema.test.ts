import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuditEntry, EvaluateDecisionResponse, openApiSchema, ROUTE_CONTRACTS, SearchRequest } from '../src';

/** Keywords JSON Schema has and OpenAPI 3.0's schema object does not. */
const NOT_OPENAPI_30 = ['const', '$id', 'patternProperties', '$schema'];

function keywordsOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keywordsOf(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      found.add(key);
      if (key === 'type' && inner === 'null') found.add('type: null');
      keywordsOf(inner, found);
    }
  }
  return found;
}

describe('contracts written as OpenAPI 3.0', () => {
  it('uses no JSON Schema keyword OpenAPI 3.0 lacks, in any route', () => {
    for (const route of ROUTE_CONTRACTS) {
      for (const schema of [route.body, route.response, ...Object.values(route.params ?? {}), ...Object.values(route.query ?? {})]) {
        if (!schema) continue;
        const used = keywordsOf(openApiSchema(schema));
        for (const keyword of [...NOT_OPENAPI_30, 'type: null']) assert.ok(!used.has(keyword), `${route.method} ${route.path} uses ${keyword}`);
      }
    }
  });

  it('writes a nullable field as nullable, a union of literals as one enum, a record with additionalProperties', () => {
    const entry = openApiSchema(AuditEntry) as { properties: Record<string, unknown> };
    assert.deepEqual(entry.properties.status, { type: 'integer', nullable: true });
    assert.deepEqual(entry.properties.kind, { type: 'string', enum: ['REQUEST', 'RETENTION'] });
    assert.deepEqual(entry.properties.targets, { type: 'object', additionalProperties: { type: 'string' } });
    const search = openApiSchema(SearchRequest) as { properties: { sort: { items: { properties: { order: unknown } } } } };
    assert.deepEqual(search.properties.sort.items.properties.order, { type: 'string', enum: ['ASC', 'DESC', 'asc', 'desc'] });
  });

  it('keeps a deprecated field marked deprecated', () => {
    const result = openApiSchema(EvaluateDecisionResponse) as { properties: { decisionInstanceKey: { deprecated?: boolean } } };
    assert.equal(result.properties.decisionInstanceKey.deprecated, true);
  });
});

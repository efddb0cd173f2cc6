import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTE_RIGHTS } from '../../src/auth';
import type { Caller } from './auth-fixtures';
import { seedTenant, tenantEngineForFile, TENANT_A, TENANT_B, type TenantData } from './tenant-fixtures';

type Response = Awaited<ReturnType<Caller['call']>>;

/**
 * What a caller of tenant B must get from a route when it aims at tenant A's data:
 * - `notFound`: 404, exactly as for a key that never existed;
 * - `forbidden`: 403 for naming tenant A in the body or query (a tenant, not a resource);
 * - `nothing`: 200 with none of A's data;
 * - `global`: the route holds no tenant data (probes, sign-in, API docs) or is cluster-wide by
 *   design (the audit log, for admins) — called, and it must not carry A's keys unless cluster-wide.
 */
type Expect = 'notFound' | 'forbidden' | 'nothing' | 'global' | 'cluster-wide';

interface CrossTenantCase {
  readonly expect: Expect;
  call(b: Caller, a: TenantData): Promise<Response>;
}

const MIGRATION_PLAN = (target: string) => ({
  targetProcessDefinitionKey: target,
  mappingInstructions: [{ sourceElementId: 'task', targetElementId: 'task' }],
});

/** One case per route of ROUTE_RIGHTS: a route added without one fails the first test. */
const CASES: Record<string, CrossTenantCase> = {
  'GET /health/live': { expect: 'global', call: (b) => b.call('GET', '/health/live') },
  'GET /health/ready': { expect: 'global', call: (b) => b.call('GET', '/health/ready') },
  'GET /metrics': { expect: 'global', call: (b) => b.call('GET', '/metrics') },
  'GET /v2/topology': { expect: 'global', call: (b) => b.call('GET', '/v2/topology') },
  'POST /v2/osprey/sign-in': {
    expect: 'global',
    call: (b) => b.call('POST', '/v2/osprey/sign-in', { username: 'demo', password: 'demo' }),
  },
  // A webhook publishes into the tenant its configuration names, never one the sender picks.
  'POST /v2/webhooks/:name': { expect: 'global', call: (b) => b.call('POST', '/v2/webhooks/unknown', {}) },
  'GET /v2/authentication/me': { expect: 'global', call: (b) => b.call('GET', '/v2/authentication/me') },
  'GET /v2/api-docs': { expect: 'global', call: (b) => b.call('GET', '/v2/api-docs') },
  // The users a task can be delegated to: development users are not tenant data.
  'POST /v2/users/search': { expect: 'global', call: (b) => b.call('POST', '/v2/users/search', {}) },

  'POST /v2/deployments': { expect: 'forbidden', call: (b) => b.deploy('steal.bpmn', '<x/>', TENANT_A) },
  'PUT /v2/osprey/drafts/:draftId': {
    expect: 'forbidden',
    call: (b) =>
      b.call('PUT', `/v2/osprey/drafts/mt-draft?tenantId=${TENANT_A}`, {
        xml: '<bpmn:definitions xmlns:bpmn="x"></bpmn:definitions>',
      }),
  },
  'DELETE /v2/osprey/drafts/:draftId': {
    expect: 'notFound',
    call: (b) => b.call('DELETE', '/v2/osprey/drafts/mt-draft'),
  },
  'GET /v2/osprey/drafts/:draftId': {
    expect: 'notFound',
    call: (b) => b.call('GET', '/v2/osprey/drafts/mt-draft'),
  },
  'POST /v2/osprey/drafts/search': {
    expect: 'nothing',
    call: (b) => b.call('POST', '/v2/osprey/drafts/search', {}),
  },
  'POST /v2/decision-definitions/search': { expect: 'nothing', call: (b) => b.call('POST', '/v2/decision-definitions/search', {}) },
  'GET /v2/decision-definitions/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/decision-definitions/${a.decisionDefinitionKey}`),
  },
  'GET /v2/decision-definitions/:key/xml': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/decision-definitions/${a.decisionDefinitionKey}/xml`),
  },
  'POST /v2/decision-definitions/evaluation': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', '/v2/decision-definitions/evaluation', { decisionDefinitionKey: a.decisionDefinitionKey, variables: {} }),
  },
  'POST /v2/decision-requirements/search': { expect: 'nothing', call: (b) => b.call('POST', '/v2/decision-requirements/search', {}) },
  'GET /v2/decision-requirements/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/decision-requirements/${a.decisionRequirementsKey}`),
  },
  'GET /v2/decision-requirements/:key/xml': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/decision-requirements/${a.decisionRequirementsKey}/xml`),
  },
  'POST /v2/decision-instances/search': { expect: 'nothing', call: (b) => b.call('POST', '/v2/decision-instances/search', {}) },
  'GET /v2/decision-instances/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/decision-instances/${a.decisionInstanceKey}`),
  },
  // Evaluates the DMN file in the request, which holds no tenant's data.
  'POST /v2/osprey/decision-evaluation': {
    expect: 'global',
    call: (b) => b.call('POST', '/v2/osprey/decision-evaluation', { xml: '<definitions/>', decisionId: 'x', variables: {} }),
  },
  'POST /v2/process-definitions/search': {
    expect: 'nothing',
    call: (b) => b.call('POST', '/v2/process-definitions/search', {}),
  },
  'GET /v2/process-definitions/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/process-definitions/${a.processDefinitionKey}`),
  },
  'GET /v2/process-definitions/:key/xml': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/process-definitions/${a.processDefinitionKey}/xml`),
  },
  'GET /v2/osprey/forms/:formId': {
    expect: 'notFound',
    call: (b) => b.call('GET', '/v2/osprey/forms/mt-form'),
  },

  'POST /v2/process-instances': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', '/v2/process-instances', { processDefinitionKey: a.processDefinitionKey }),
  },
  'POST /v2/process-instances/search': {
    expect: 'nothing',
    call: (b) => b.call('POST', '/v2/process-instances/search', {}),
  },
  'GET /v2/process-instances/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/process-instances/${a.processInstanceKey}`),
  },
  'POST /v2/process-instances/:key/cancellation': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', `/v2/process-instances/${a.processInstanceKey}/cancellation`, {}),
  },
  'POST /v2/process-instances/:key/modification': {
    expect: 'notFound',
    call: (b, a) =>
      b.call('POST', `/v2/process-instances/${a.processInstanceKey}/modification`, {
        terminateInstructions: [{ elementInstanceKey: a.elementInstanceKey }],
      }),
  },
  'POST /v2/process-instances/:key/migration': {
    expect: 'notFound',
    call: (b, a) =>
      b.call(
        'POST',
        `/v2/process-instances/${a.processInstanceKey}/migration`,
        MIGRATION_PLAN(a.processDefinitionKey),
      ),
  },
  'POST /v2/process-instances/migration': {
    expect: 'notFound',
    call: (b, a) =>
      b.call('POST', '/v2/process-instances/migration', {
        filter: { processDefinitionKey: a.processDefinitionKey },
        ...MIGRATION_PLAN(a.processDefinitionKey),
      }),
  },
  'POST /v2/osprey/process-instances/:key/history': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', `/v2/osprey/process-instances/${a.processInstanceKey}/history`, {}),
  },
  'POST /v2/osprey/element-statistics': {
    expect: 'nothing',
    call: (b, a) =>
      b.call('POST', '/v2/osprey/element-statistics', { processDefinitionKey: a.processDefinitionKey }),
  },
  'POST /v2/osprey/definition-statistics': {
    expect: 'nothing',
    call: (b) => b.call('POST', '/v2/osprey/definition-statistics', {}),
  },
  'POST /v2/element-instances/search': {
    expect: 'nothing',
    call: (b) => b.call('POST', '/v2/element-instances/search', {}),
  },
  'GET /v2/element-instances/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/element-instances/${a.elementInstanceKey}`),
  },
  'PUT /v2/element-instances/:key/variables': {
    expect: 'notFound',
    call: (b, a) =>
      b.call('PUT', `/v2/element-instances/${a.processInstanceKey}/variables`, { variables: { amount: 0 } }),
  },
  'POST /v2/element-instances/ad-hoc-activities/:key/activation': {
    expect: 'notFound',
    call: (b, a) =>
      b.call('POST', `/v2/element-instances/ad-hoc-activities/${a.processInstanceKey}/activation`, {
        elements: [{ elementId: 'review' }],
      }),
  },
  'POST /v2/variables/search': { expect: 'nothing', call: (b) => b.call('POST', '/v2/variables/search', {}) },
  'GET /v2/variables/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/variables/${a.variableKey}`),
  },
  'POST /v2/incidents/search': { expect: 'nothing', call: (b) => b.call('POST', '/v2/incidents/search', {}) },
  'GET /v2/incidents/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/incidents/${a.incidentKey}`),
  },
  'POST /v2/incidents/:key/resolution': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', `/v2/incidents/${a.incidentKey}/resolution`, {}),
  },

  'POST /v2/messages/publication': {
    expect: 'forbidden',
    call: (b) =>
      b.call('POST', '/v2/messages/publication', {
        name: 'mt-paid',
        correlationKey: 'o-1',
        tenantId: TENANT_A,
      }),
  },
  'POST /v2/messages/correlation': {
    expect: 'forbidden',
    call: (b) =>
      b.call('POST', '/v2/messages/correlation', {
        name: 'mt-paid',
        correlationKey: 'o-1',
        tenantId: TENANT_A,
      }),
  },
  'POST /v2/signals/broadcast': {
    expect: 'forbidden',
    call: (b) => b.call('POST', '/v2/signals/broadcast', { signalName: 'go-ahead', tenantId: TENANT_A }),
  },

  'POST /v2/jobs/activation': {
    expect: 'forbidden',
    call: (b) =>
      b.call('POST', '/v2/jobs/activation', {
        type: 'mt-work',
        maxJobsToActivate: 5,
        timeout: 1000,
        requestTimeout: -1,
        tenantIds: [TENANT_A],
      }),
  },
  'POST /v2/jobs/:key/completion': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', `/v2/jobs/${a.jobKey}/completion`, {}),
  },
  'POST /v2/jobs/:key/failure': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', `/v2/jobs/${a.jobKey}/failure`, { retries: 0 }),
  },
  'POST /v2/jobs/:key/error': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', `/v2/jobs/${a.jobKey}/error`, { errorCode: 'X' }),
  },
  'PATCH /v2/jobs/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('PATCH', `/v2/jobs/${a.jobKey}`, { changeset: { retries: 9 } }),
  },
  'POST /v2/jobs/search': { expect: 'nothing', call: (b) => b.call('POST', '/v2/jobs/search', {}) },

  'POST /v2/user-tasks/search': {
    expect: 'nothing',
    call: (b) => b.call('POST', '/v2/user-tasks/search', {}),
  },
  'GET /v2/user-tasks/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/user-tasks/${a.userTaskKey}`),
  },
  'GET /v2/user-tasks/:key/form': {
    expect: 'notFound',
    call: (b, a) => b.call('GET', `/v2/user-tasks/${a.userTaskKey}/form`),
  },
  'POST /v2/user-tasks/:key/variables/search': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', `/v2/user-tasks/${a.userTaskKey}/variables/search`, {}),
  },
  'POST /v2/user-tasks/:key/assignment': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', `/v2/user-tasks/${a.userTaskKey}/assignment`, { assignee: 'mallory' }),
  },
  'DELETE /v2/user-tasks/:key/assignee': {
    expect: 'notFound',
    call: (b, a) => b.call('DELETE', `/v2/user-tasks/${a.userTaskKey}/assignee`),
  },
  'POST /v2/user-tasks/:key/completion': {
    expect: 'notFound',
    call: (b, a) => b.call('POST', `/v2/user-tasks/${a.userTaskKey}/completion`, {}),
  },
  'PATCH /v2/user-tasks/:key': {
    expect: 'notFound',
    call: (b, a) => b.call('PATCH', `/v2/user-tasks/${a.userTaskKey}`, { changeset: { priority: 99 } }),
  },
  'PATCH /v2/user-tasks/:key/update': {
    expect: 'notFound',
    call: (b, a) =>
      b.call('PATCH', `/v2/user-tasks/${a.userTaskKey}/update`, { changeset: { priority: 99 } }),
  },

  // The audit log is one hash chain for the whole engine, read by its admins (docs/audit.md).
  'GET /v2/audit/verify': { expect: 'cluster-wide', call: (b) => b.call('GET', '/v2/audit/verify') },
  'POST /v2/audit/search': { expect: 'cluster-wide', call: (b) => b.call('POST', '/v2/audit/search', {}) },
  'GET /v2/audit/export': { expect: 'cluster-wide', call: (b) => b.call('GET', '/v2/audit/export') },
};

/** The keys of A that must not show up anywhere B looks. */
function keysOf(a: TenantData): string[] {
  return Object.values(a);
}

/** Keys like A's that name nothing: what B gets for A's keys must read exactly as for these. */
function ghostOf(a: TenantData): TenantData {
  return Object.fromEntries(
    Object.entries(a).map(([name, key]: [string, string]) => [name, `9${key.slice(1)}`]),
  ) as unknown as TenantData;
}

/** The response text with each key (A's or its ghost) replaced by its name. */
function normalised(res: Response, ...data: TenantData[]): string {
  let text = JSON.stringify(res.body);
  for (const d of data)
    for (const [name, key] of Object.entries(d)) text = text.split(key as string).join(`<${name}>`);
  return text;
}

describe('tenant isolation on every route (multi-tenancy on)', () => {
  const ctx = tenantEngineForFile('tenant_routes');
  let a: TenantData;
  let callerA: Caller;
  let callerB: Caller;

  it('has a cross-tenant case for every route of the route table', () => {
    const missing = Object.keys(ROUTE_RIGHTS).filter((route) => !(route in CASES));
    assert.deepEqual(missing, [], 'add a cross-tenant case for these routes to tenants-routes.test.ts');
    const stale = Object.keys(CASES).filter((route) => !(route in ROUTE_RIGHTS));
    assert.deepEqual(stale, []);
  });

  // Given tenant A with definitions, instances, a job, a user task, an incident, a form and a draft.

  before(async () => {
    callerA = await ctx.admin('alice', [TENANT_A]);
    callerB = await ctx.admin('bob', [TENANT_B]);
    a = await seedTenant(callerA, TENANT_A);
  });

  for (const [route, c] of Object.entries(CASES)) {
    it(`${route}: a caller of tenant B ${describeExpect(c.expect)}`, async () => {
      const res = await c.call(callerB, a);
      const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
      const where = `${route} → ${res.status} ${text.slice(0, 300)}`;
      switch (c.expect) {
        case 'notFound': {
          assert.equal(res.status, 404, where);
          assert.equal(res.body.title, 'NOT_FOUND', where);
          // Exactly as if it did not exist: the same problem as for keys that were never issued.
          const ghost = ghostOf(a);
          const absent = await c.call(callerB, ghost);
          assert.equal(
            normalised(res, a),
            normalised(absent, ghost),
            `${route}: answers A's key differently from a missing one`,
          );
          return;
        }
        case 'forbidden':
          assert.equal(res.status, 403, where);
          assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
          assert.match(res.body.detail, /tenant/, where);
          break;
        case 'nothing':
          assert.equal(res.status, 200, where);
          assert.deepEqual(res.body.items, [], where);
          break;
        case 'global':
        case 'cluster-wide':
          assert.ok(res.status < 500, where);
          break;
      }
      if (c.expect !== 'cluster-wide')
        for (const key of keysOf(a)) assert.ok(!text.includes(key), `${where}: shows A's key ${key}`);
    });
  }

  it("leaves tenant A's state as it was", async () => {
    const instance = await callerA.call('GET', `/v2/process-instances/${a.processInstanceKey}`);
    assert.equal(instance.body.state, 'ACTIVE');
    const variable = await callerA.call('GET', `/v2/variables/${a.variableKey}`);
    assert.equal(variable.body.value, '42');
    const job = (await callerA.call('POST', '/v2/jobs/search', { filter: { jobKey: a.jobKey } })).body
      .items[0];
    assert.equal(job.state, 'CREATED');
    assert.equal(job.retries, 3);
    const task = await callerA.call('GET', `/v2/user-tasks/${a.userTaskKey}`);
    assert.equal(task.body.state, 'CREATED');
    assert.equal(task.body.assignee, undefined);
    assert.equal(task.body.priority, 50);
    const incident = await callerA.call('GET', `/v2/incidents/${a.incidentKey}`);
    assert.equal(incident.body.state, 'ACTIVE');
    const waiting = await callerA.call('GET', `/v2/process-instances/${a.messageInstanceKey}`);
    assert.equal(waiting.body.state, 'ACTIVE', 'the message of tenant B did not reach A');
    assert.equal((await callerA.call('GET', `/v2/osprey/drafts/mt-draft?tenantId=${TENANT_A}`)).status, 200);
    const definitions = await callerA.call('POST', '/v2/process-definitions/search', {});
    assert.deepEqual(
      definitions.body.items.map((d: { processDefinitionId: string }) => d.processDefinitionId).sort(),
      ['await-payment', 'mt-order', 'mt-review'],
    );
    const instances = await callerA.call('POST', '/v2/process-instances/search', {});
    assert.equal(instances.body.page.totalItems, 4, 'B started nothing in A');
  });
});

function describeExpect(e: Expect): string {
  switch (e) {
    case 'notFound':
      return "gets 404 for A's key";
    case 'forbidden':
      return 'is refused (403) when naming tenant A';
    case 'nothing':
      return "finds none of A's data";
    case 'global':
      return 'gets no tenant data';
    case 'cluster-wide':
      return 'reads the cluster-wide audit log';
  }
}

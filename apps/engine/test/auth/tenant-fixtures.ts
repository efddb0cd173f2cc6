import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneTaskProcess } from '../support/bpmn';
import { authEngineForFile, userTaskProcess, type AuthContext, type Caller } from './auth-fixtures';

export const TENANT_A = 'tenant-a';
export const TENANT_B = 'tenant-b';

/** An engine with multi-tenancy on and OIDC tokens whose `tenant` claim lists the caller's tenants. */
export interface TenantContext extends AuthContext {
  /** An admin (every right) of the given tenants: only tenants stand between it and the data. */
  admin(username: string, tenants: string[]): Promise<Caller>;
}

export function tenantEngineForFile(prefix: string, apiKeys: object[] = []): TenantContext {
  const ctx = authEngineForFile(prefix, apiKeys, { OSPREY_MULTI_TENANCY: 'true' }) as TenantContext;
  ctx.admin = async (username, tenants) =>
    ctx.caller({
      token: await ctx.provider.token({
        sub: `id-${username}`,
        preferred_username: username,
        roles: ['admin'],
        tenant: tenants,
      }),
    });
  return ctx;
}

/** Reads a fixture of `test/fixtures`. */
export function fixtureText(name: string): string {
  return readFileSync(join(__dirname, '../../../test/fixtures', name), 'utf8');
}

/** Everything tenant A owns after {@link seedTenant}: one of each kind of key. */
export interface TenantData {
  processDefinitionKey: string;
  reviewDefinitionKey: string;
  processInstanceKey: string;
  jobKey: string;
  elementInstanceKey: string;
  variableKey: string;
  userTaskKey: string;
  incidentKey: string;
  messageInstanceKey: string;
  decisionDefinitionKey: string;
  decisionRequirementsKey: string;
  decisionInstanceKey: string;
}

/**
 * Gives `tenant` (through `caller`, an admin of it) a job waiting for a worker, a user task, an
 * incident, a form, a draft and an instance waiting for message `mt-paid` (correlation key `o-1`).
 */
export async function seedTenant(caller: Caller, tenant: string): Promise<TenantData> {
  const ok = (res: { status: number; body: any }, what: string) => {
    assert.ok(res.status < 300, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const work = ok(
    await caller.deploy('mt-order.bpmn', oneTaskProcess('mt-order', 'mt-work'), tenant),
    'deploy order',
  );
  const review = ok(
    await caller.deploy('mt-review.bpmn', userTaskProcess('mt-review', 'clerks'), tenant),
    'deploy review',
  );
  ok(
    await caller.deploy(
      'mt-pay.bpmn',
      fixtureText('message-catch.bpmn').replace(/payment-received/g, 'mt-paid'),
      tenant,
    ),
    'deploy message',
  );
  ok(
    await caller.deploy('mt-form.form', JSON.stringify({ id: 'mt-form', components: [] }), tenant),
    'deploy form',
  );
  const decisions = ok(await caller.deploy('mt-discount.dmn', fixtureText('discount.dmn'), tenant), 'deploy decisions');
  const tier = decisions.deployments.find((d: any) => d.decisionDefinition?.decisionDefinitionId === 'customer-tier').decisionDefinition;
  const evaluated = ok(
    await caller.call('POST', '/v2/decision-definitions/evaluation', { decisionDefinitionId: 'customer-tier', tenantId: tenant, variables: { customer: { orders: 5 } } }),
    'evaluate decision',
  );
  ok(
    await caller.call('PUT', `/v2/osprey/drafts/mt-draft?tenantId=${tenant}`, {
      xml: '<bpmn:definitions xmlns:bpmn="x"></bpmn:definitions>',
    }),
    'draft',
  );

  const processDefinitionKey = work.deployments[0].processDefinition.processDefinitionKey;
  const reviewDefinitionKey = review.deployments[0].processDefinition.processDefinitionKey;
  ok(
    await caller.call('POST', '/v2/process-instances', {
      processDefinitionId: 'mt-order',
      tenantId: tenant,
      variables: { amount: 42 },
    }),
    'start',
  );
  ok(
    await caller.call('POST', '/v2/process-instances', {
      processDefinitionId: 'mt-review',
      tenantId: tenant,
    }),
    'start review',
  );
  const paid = ok(
    await caller.call('POST', '/v2/process-instances', {
      processDefinitionId: 'await-payment',
      tenantId: tenant,
      variables: { orderId: 'o-1' },
    }),
    'start payment',
  );
  // A second order: its job fails without retries into an incident.
  ok(
    await caller.call('POST', '/v2/process-instances', {
      processDefinitionId: 'mt-order',
      tenantId: tenant,
      variables: { amount: 42 },
    }),
    'start failing',
  );

  const jobs = await eventually(async () => {
    const res = await caller.call('POST', '/v2/jobs/search', {
      filter: { type: 'mt-work', tenantId: tenant },
    });
    return res.body.items?.length === 2 ? res.body.items : undefined;
  });
  const activated = ok(
    await caller.call('POST', '/v2/jobs/activation', {
      type: 'mt-work',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: -1,
      tenantIds: [tenant],
    }),
    'activate',
  );
  // Whichever job was handed out fails into an incident; the other stays for the worker.
  const failed = activated.jobs[0];
  ok(
    await caller.call('POST', `/v2/jobs/${failed.jobKey}/failure`, { retries: 0, errorMessage: 'no stock' }),
    'fail',
  );
  const open = jobs.find((j: any) => j.jobKey !== failed.jobKey);
  const processInstanceKey = open.processInstanceKey;

  const incident = await eventually(
    async () =>
      (await caller.call('POST', '/v2/incidents/search', { filter: { state: 'ACTIVE' } })).body.items?.[0],
  );
  const task = await eventually(
    async () =>
      (await caller.call('POST', '/v2/user-tasks/search', { filter: { state: 'CREATED' } })).body.items?.[0],
  );
  const variable = (
    await caller.call('POST', '/v2/variables/search', { filter: { processInstanceKey, name: 'amount' } })
  ).body.items[0];
  return {
    processDefinitionKey,
    reviewDefinitionKey,
    processInstanceKey,
    jobKey: open.jobKey,
    elementInstanceKey: open.elementInstanceKey,
    variableKey: variable.variableKey,
    userTaskKey: task.userTaskKey,
    incidentKey: incident.incidentKey,
    messageInstanceKey: paid.processInstanceKey,
    decisionDefinitionKey: tier.decisionDefinitionKey,
    decisionRequirementsKey: tier.decisionRequirementsKey,
    decisionInstanceKey: `${evaluated.decisionEvaluationKey}-1`,
  };
}

/** Polls until `fn` gives a value (5 s at most). */
export async function eventually<T>(fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('Timed out waiting for the engine');
}

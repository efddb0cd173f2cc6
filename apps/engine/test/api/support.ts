import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';

export { fixture, oneTaskProcess } from '../support/bpmn';

/** One engine on its own fresh database, for one test file. */
export interface ApiContext {
  db: TestDatabase;
  engine: RunningEngine;
  api: Api;
}

/**
 * Registers `before`/`after` hooks that clone a fresh database, boot one engine on it, and stop
 * the engine and drop the database at the end. Call it at the top of a `describe`.
 */
export function engineForFile(prefix: string, env: Record<string, string | undefined> = {}): ApiContext {
  const ctx = {} as ApiContext;
  before(async () => {
    ctx.db = await freshDatabase(prefix);
    ctx.engine = await bootEngine({ DATABASE_URL: ctx.db.url, ...env });
    ctx.api = new Api(ctx.engine.url);
  });
  after(async () => {
    await ctx.engine?.stop();
    await ctx.db?.drop();
  });
  return ctx;
}

type Response = { status: number; body: any; headers: Headers };

/** Asserts an RFC 9457 problem with `status`, whose detail matches every pattern given. */
export function assertProblem(res: Response, status: number, ...detail: RegExp[]): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.title, 'string');
  assert.equal(typeof res.body.detail, 'string');
  for (const pattern of detail) assert.match(res.body.detail, pattern);
}

/** Asserts a 2xx answer and returns its body. */
export function ok(res: Response, status = 200): any {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Deploys resources and asserts success; returns the deployment response. */
export async function deployed(
  api: Api,
  ...resources: { name: string; content: string | Buffer }[]
): Promise<any> {
  return ok(await api.deploy(...resources));
}

/** Starts an instance of the latest version of `processDefinitionId`; returns its key. */
export async function startInstance(
  api: Api,
  processDefinitionId: string,
  variables: Record<string, unknown> = {},
): Promise<string> {
  const body = ok(await api.post('/v2/process-instances', { processDefinitionId, variables }));
  return body.processInstanceKey as string;
}

/** The state of a process instance as `GET /v2/process-instances/{key}` shows it. */
export async function instanceState(api: Api, key: string): Promise<string> {
  return ok(await api.get(`/v2/process-instances/${key}`)).state;
}

/** Waits until the instance reaches `state`. */
export async function untilState(api: Api, key: string, state: string): Promise<void> {
  let last = '';
  await api.until(
    async () => (last = await instanceState(api, key)) === state,
    10_000,
    `instance ${key} to be ${state} (last: ${last})`,
  );
}

/** Every item of a search (one page of up to 1000). */
export async function search(
  api: Api,
  entity: string,
  filter: Record<string, unknown>,
  rest: object = {},
): Promise<any[]> {
  return ok(await api.post(`/v2/${entity}/search`, { filter, page: { limit: 1000 }, ...rest })).items;
}

/** The variables of an instance as name → parsed JSON value (search returns JSON text). */
export async function variablesOf(api: Api, processInstanceKey: string): Promise<Record<string, unknown>> {
  const items = await search(api, 'variables', { processInstanceKey });
  return Object.fromEntries(items.map((v) => [v.name, JSON.parse(v.value)]));
}

/** The element instances of one element of an instance. */
export function elementsOf(api: Api, processInstanceKey: string, elementId: string): Promise<any[]> {
  return search(api, 'element-instances', { processInstanceKey, elementId });
}

/** Waits for the instance's open user task and returns it. */
export function userTaskOf(api: Api, processInstanceKey: string): Promise<any> {
  return api.until(
    async () => (await search(api, 'user-tasks', { processInstanceKey, state: 'CREATED' }))[0],
    10_000,
    `a user task of instance ${processInstanceKey}`,
  );
}

/** Waits for the instance's active incidents and returns them. */
export function incidentsOf(api: Api, processInstanceKey: string): Promise<any[]> {
  return api.until(
    async () => {
      const items = await search(api, 'incidents', { processInstanceKey, state: 'ACTIVE' });
      return items.length > 0 ? items : undefined;
    },
    10_000,
    `an incident on instance ${processInstanceKey}`,
  );
}

/** Activates (without waiting) the job of `type` that belongs to `processInstanceKey`. */
export async function activateJobOf(
  api: Api,
  type: string,
  processInstanceKey: string,
  timeout = 30_000,
): Promise<any> {
  return api.until(
    async () =>
      (await api.activate(type, 10, timeout)).find((j) => j.processInstanceKey === processInstanceKey),
    10_000,
    `a job of type ${type} for instance ${processInstanceKey}`,
  );
}

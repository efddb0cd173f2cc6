import type { Right } from './roles';

/**
 * Checks on the resource a request touches, beyond the route's rights (`resource-checks.ts`):
 * - `process`: the body's process is one the principal may start
 * - `job-type`: the body's job `type` is one of the principal's job types
 * - `job`: the job in the path has one of the principal's job types
 * - `job-update`: `operate` changes anything; a worker (`job`) only the timeout (its lease) of a
 *   job of one of its job types — retries stay an operator's decision
 * - `task-search`: approvers only find tasks they are assignee, candidate user or candidate group of
 * - `task-read`: the task in the path is visible to the principal (or it may `read` everything)
 * - `task-work`: the task in the path is visible to the principal (or it may `operate`)
 */
export type ResourceCheck = 'process' | 'job-type' | 'job' | 'job-update' | 'task-search' | 'task-read' | 'task-work';

/** What a route requires: nothing, any valid credentials, or one of some rights. */
export type RouteRule =
  | { readonly public: true }
  | { readonly authenticated: true }
  | { readonly anyOf: readonly Right[]; readonly check?: ResourceCheck };

const PUBLIC: RouteRule = { public: true };
const anyOf = (...rights: Right[]): RouteRule => ({ anyOf: rights });
const checked = (check: ResourceCheck, ...rights: Right[]): RouteRule => ({ anyOf: rights, check });

/**
 * Every API route, as `METHOD /path/:param` exactly as registered, and what it requires. A route
 * missing here is refused with 403 (deny by default), and a test fails for it: add a new route
 * here in the same change that adds it.
 */
export const ROUTE_RIGHTS: Readonly<Record<string, RouteRule>> = {
  // Probes, cluster shape, sign-in. Webhooks prove themselves with their own HMAC signature.
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /v2/topology': PUBLIC,
  'POST /v2/osprey/sign-in': PUBLIC,
  'POST /v2/webhooks/:name': PUBLIC,
  'GET /v2/authentication/me': { authenticated: true },
  'GET /v2/api-docs': { authenticated: true },
  // Whom a task can be delegated to.
  'POST /v2/users/search': anyOf('task', 'read', 'operate'),

  // Modelling
  'POST /v2/deployments': anyOf('deploy'),
  'PUT /v2/osprey/drafts/:draftId': anyOf('deploy'),
  'DELETE /v2/osprey/drafts/:draftId': anyOf('deploy'),
  'GET /v2/osprey/drafts/:draftId': anyOf('deploy', 'read'),
  'POST /v2/osprey/drafts/search': anyOf('deploy', 'read'),
  // Starters see the definitions and start forms of what they may start.
  'POST /v2/process-definitions/search': anyOf('read', 'start'),
  'GET /v2/process-definitions/:key': anyOf('read', 'start'),
  'GET /v2/process-definitions/:key/xml': anyOf('read', 'start'),
  'GET /v2/osprey/forms/:formId': anyOf('read', 'task', 'start'),
  'POST /v2/decision-definitions/search': anyOf('read'),
  'GET /v2/decision-definitions/:key': anyOf('read'),
  'GET /v2/decision-definitions/:key/xml': anyOf('read'),
  'POST /v2/decision-requirements/search': anyOf('read'),
  'GET /v2/decision-requirements/:key': anyOf('read'),
  'GET /v2/decision-requirements/:key/xml': anyOf('read'),

  // Decisions: evaluating one is like starting an instance (it is stored as history)
  'POST /v2/decision-definitions/evaluation': anyOf('start'),
  'POST /v2/decision-instances/search': anyOf('read'),
  'GET /v2/decision-instances/:key': anyOf('read'),
  'POST /v2/osprey/decision-evaluation': anyOf('deploy'),

  // Process instances
  'POST /v2/process-instances': checked('process', 'start'),
  'POST /v2/process-instances/search': anyOf('read'),
  'GET /v2/process-instances/:key': anyOf('read'),
  'POST /v2/process-instances/:key/cancellation': anyOf('operate'),
  'POST /v2/process-instances/:key/modification': anyOf('operate'),
  'POST /v2/process-instances/:key/migration': anyOf('operate'),
  'POST /v2/process-instances/migration': anyOf('operate'),
  'POST /v2/osprey/process-instances/:key/history': anyOf('read'),
  'POST /v2/osprey/element-statistics': anyOf('read'),
  'POST /v2/osprey/definition-statistics': anyOf('read'),
  'POST /v2/element-instances/search': anyOf('read'),
  'GET /v2/element-instances/:key': anyOf('read'),
  'PUT /v2/element-instances/:key/variables': anyOf('operate'),
  'POST /v2/element-instances/ad-hoc-activities/:key/activation': anyOf('operate', 'job'),
  'POST /v2/variables/search': anyOf('read'),
  'GET /v2/variables/:key': anyOf('read'),
  'POST /v2/incidents/search': anyOf('read'),
  'GET /v2/incidents/:key': anyOf('read'),
  'POST /v2/incidents/:key/resolution': anyOf('operate'),

  // Messages and signals
  'POST /v2/messages/publication': anyOf('message'),
  'POST /v2/messages/correlation': anyOf('message'),
  'POST /v2/signals/broadcast': anyOf('message'),

  // Jobs
  'POST /v2/jobs/activation': checked('job-type', 'job'),
  'POST /v2/jobs/:key/completion': checked('job', 'job'),
  'POST /v2/jobs/:key/failure': checked('job', 'job'),
  'POST /v2/jobs/:key/error': checked('job', 'job'),
  'PATCH /v2/jobs/:key': checked('job-update', 'operate', 'job'),
  'POST /v2/jobs/search': anyOf('read'),

  // User tasks
  'POST /v2/user-tasks/search': checked('task-search', 'read', 'task'),
  'GET /v2/user-tasks/:key': checked('task-read', 'read', 'task'),
  'GET /v2/user-tasks/:key/form': checked('task-read', 'read', 'task'),
  'POST /v2/user-tasks/:key/variables/search': checked('task-read', 'read', 'task'),
  'POST /v2/user-tasks/:key/assignment': checked('task-work', 'task'),
  'DELETE /v2/user-tasks/:key/assignee': checked('task-work', 'task'),
  'POST /v2/user-tasks/:key/completion': checked('task-work', 'task'),
  'PATCH /v2/user-tasks/:key': anyOf('operate'),
  'PATCH /v2/user-tasks/:key/update': anyOf('operate'),

  // Audit log (admins)
  'GET /v2/audit/verify': anyOf('audit'),
  'POST /v2/audit/search': anyOf('audit'),
  'GET /v2/audit/export': anyOf('audit'),
};

/** The rule of a registered route (`HEAD` counts as `GET`), or undefined when it has none. */
export function ruleFor(method: string, routePattern: string): RouteRule | undefined {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return Object.prototype.hasOwnProperty.call(ROUTE_RIGHTS, `${m} ${routePattern}`) ? ROUTE_RIGHTS[`${m} ${routePattern}`] : undefined;
}

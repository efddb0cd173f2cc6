import type { RouteContract } from './route-contract';
import { PROCESS_INSTANCE_ROUTES } from './process-instances';
import { JOB_ROUTES } from './jobs';
import { MESSAGE_ROUTES } from './messages';
import { DECISION_ROUTES } from './decision-routes';
import { USER_TASK_ROUTES } from './user-tasks';
import { ELEMENT_INSTANCE_ROUTES } from './element-instances';
import { INSTANCE_CHANGE_ROUTES } from './instance-changes';
import { IDENTITY_ROUTES } from './identity';
import { GET_TOPOLOGY } from './cluster';
import { RECEIVE_WEBHOOK } from './webhooks';
import { DEFINITION_ROUTES } from './definition-routes';
import { AUDIT_ROUTES } from './audit';
import { DRAFT_ROUTES } from './drafts';
import { MONITOR_ROUTES } from './monitor';

/**
 * Every `/v2` route (ADR 0019). The engine's controllers bind each handler to its entry with
 * `@Route(…)` (method, path, status and body schema come from it), and the OpenAPI document is
 * generated from this table: a route is written once.
 */
export const ROUTE_CONTRACTS: readonly RouteContract[] = [
  ...PROCESS_INSTANCE_ROUTES,
  ...JOB_ROUTES,
  ...MESSAGE_ROUTES,
  ...DECISION_ROUTES,
  ...USER_TASK_ROUTES,
  ...ELEMENT_INSTANCE_ROUTES,
  ...INSTANCE_CHANGE_ROUTES,
  ...IDENTITY_ROUTES,
  GET_TOPOLOGY,
  RECEIVE_WEBHOOK,
  ...DEFINITION_ROUTES,
  ...AUDIT_ROUTES,
  ...DRAFT_ROUTES,
  ...MONITOR_ROUTES,
];

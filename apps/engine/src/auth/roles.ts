/**
 * Roles a principal holds, and the rights each grants. A route names the rights that let a
 * request through (`route-rights.ts`); a role is only ever a bundle of rights.
 */
export const ROLES = ['admin', 'modeler', 'operator', 'approver', 'worker', 'starter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * - `read`: read and search everything (definitions, instances, variables, jobs, incidents, all user tasks)
 * - `deploy`: deploy resources, edit drafts
 * - `operate`: cancel instances, edit variables, resolve incidents, change job retries, edit any user task
 * - `task`: see, claim and complete user tasks (only one's own unless also `read` / `operate`)
 * - `job`: activate, complete, fail and throw errors on jobs (of the principal's job types)
 * - `start`: start process instances (of the principal's processes)
 * - `message`: publish and correlate messages, broadcast signals
 * - `audit`: verify, search and export the audit log (admins only)
 */
export const RIGHTS = ['read', 'deploy', 'operate', 'task', 'job', 'start', 'message', 'audit'] as const;
export type Right = (typeof RIGHTS)[number];

/** What each role may do. */
export const ROLE_RIGHTS: Readonly<Record<Role, readonly Right[]>> = {
  admin: RIGHTS,
  modeler: ['deploy', 'read'],
  operator: ['operate', 'read', 'task'],
  approver: ['task'],
  worker: ['job'],
  starter: ['start', 'message'],
  viewer: ['read'],
};

/** The roles of a development user not listed in `OSPREY_DEV_USER_ROLES`: everything but admin. */
export const DEFAULT_DEV_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'admin');

/** Every right the given roles grant. */
export function rightsOf(roles: Iterable<Role>): ReadonlySet<Right> {
  const rights = new Set<Right>();
  for (const role of roles) for (const right of ROLE_RIGHTS[role]) rights.add(right);
  return rights;
}

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

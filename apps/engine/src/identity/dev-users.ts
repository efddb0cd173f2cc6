import { ConfigError } from '../config/engine-config';
import { DEFAULT_DEV_ROLES, isRole, ROLES, type Role } from '../auth/roles';

/** A development user: name, password and the groups that decide which tasks they are offered. */
export interface DevUser {
  readonly username: string;
  readonly password: string;
  readonly groups: readonly string[];
  /** What the user may do (`OSPREY_DEV_USER_ROLES`); @default every role but admin */
  readonly roles: readonly Role[];
  /** Tenants the user works in when multi-tenancy is on (`OSPREY_DEV_USER_TENANTS`); @default `<default>` only */
  readonly tenants?: readonly string[];
}

/**
 * The users when `OSPREY_DEV_USERS` is unset: they show the rights model. `demo` may do
 * everything but administration, `maria` only works tasks of her group (`managers`), `admin` is
 * the administrator (audit log).
 */
export const DEFAULT_DEV_USERS = 'demo:demo:approvers,managers;maria:maria:managers;admin:admin:';

/** The roles of the default users, before `OSPREY_DEV_USER_ROLES` (unlisted: every role but admin). */
export const DEFAULT_DEV_USER_ROLES = 'maria:approver;admin:admin';

/**
 * Parses `OSPREY_DEV_USERS`: `username:password:group1,group2` entries separated by `;`.
 * The groups part may be empty (`bob:secret:`) or left out (`bob:secret`); a password may hold
 * `:` when the groups part is given, but never `;`.
 * @throws ConfigError naming each malformed entry (without echoing passwords)
 * @example parseDevUsers('demo:demo:managers,approvers;maria:maria:managers')
 */
export function parseDevUsers(spec: string): DevUser[] {
  const users: DevUser[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  spec
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const parts = entry.split(':');
      const username = parts[0]?.trim() ?? '';
      const password = parts.length === 2 ? parts[1] : parts.slice(1, -1).join(':');
      const groups = parts.length > 2 ? parts[parts.length - 1].split(',').map((g) => g.trim()).filter(Boolean) : [];
      if (parts.length < 2 || !username || !password) {
        problems.push(`OSPREY_DEV_USERS entry ${i + 1}: Expected username:password:group1,group2, but the username or password is missing`);
      } else if (!/^[\w.@-]{1,64}$/.test(username)) {
        problems.push(`OSPREY_DEV_USERS entry ${i + 1}: Expected a username of letters, digits, '.', '@', '_' or '-', but found '${username.slice(0, 64)}'`);
      } else if (seen.has(username)) {
        problems.push(`OSPREY_DEV_USERS entry ${i + 1}: Expected each username once, but '${username}' appears again`);
      } else {
        seen.add(username);
        users.push({ username, password, groups, roles: DEFAULT_DEV_ROLES });
      }
    });
  if (problems.length === 0 && users.length === 0) problems.push('OSPREY_DEV_USERS: Expected at least one username:password:groups entry, but found none');
  if (problems.length > 0) throw new ConfigError(problems);
  return users;
}

/**
 * Applies `OSPREY_DEV_USER_ROLES`: `username:role1,role2` entries separated by `;`. Users not
 * listed keep every role but admin.
 * @throws ConfigError naming unknown users and roles
 * @example withDevUserRoles(users, 'demo:admin;maria:approver,viewer')
 */
export function withDevUserRoles(users: readonly DevUser[], spec: string | undefined): DevUser[] {
  const roles = perUserLists(users, spec, 'OSPREY_DEV_USER_ROLES', (named) => {
    const unknown = named.filter((r) => !isRole(r));
    return unknown.length > 0 ? `Expected roles among ${ROLES.join(', ')}, but found '${unknown.join(',')}'` : undefined;
  });
  return users.map((u) => ({ ...u, roles: (roles.get(u.username) as Role[] | undefined) ?? u.roles }));
}

/** A tenant id as Camunda accepts it (`<default>` is the default tenant's id). */
const TENANT_ID = /^(<default>|[\w.-]{1,31})$/;

/**
 * Applies `OSPREY_DEV_USER_TENANTS`: `username:tenant1,tenant2` entries separated by `;`. Users
 * not listed work in `<default>` only (read when multi-tenancy is on).
 * @throws ConfigError naming unknown users and empty or malformed tenant lists
 * @example withDevUserTenants(users, 'demo:acme,globex;maria:acme')
 */
export function withDevUserTenants(users: readonly DevUser[], spec: string | undefined): DevUser[] {
  const tenants = perUserLists(users, spec, 'OSPREY_DEV_USER_TENANTS', (named, list) =>
    named.length === 0 || !named.every((t) => TENANT_ID.test(t))
      ? `Expected username:tenant1,tenant2 with tenant ids of letters, digits, '.', '_' or '-', but found '${list.slice(0, 64)}'`
      : undefined,
  );
  return users.map((u) => (tenants.has(u.username) ? { ...u, tenants: tenants.get(u.username) } : u));
}

/**
 * Reads `username:a,b;username:c` for the configured users: each user's list, once `check` (which
 * answers what is wrong with a list, or undefined) accepts it.
 * @throws ConfigError naming every unknown user and refused list, by `variable` and entry number
 */
function perUserLists(
  users: readonly DevUser[],
  spec: string | undefined,
  variable: string,
  check: (named: string[], list: string) => string | undefined,
): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  const problems: string[] = [];
  (spec ?? '')
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const [username, list = ''] = entry.split(':', 2).map((s) => s.trim());
      const named = list.split(',').map((r) => r.trim()).filter(Boolean);
      const problem = users.some((u) => u.username === username)
        ? check(named, list)
        : `Expected a user of OSPREY_DEV_USERS, but found '${username.slice(0, 64)}'`;
      if (problem) problems.push(`${variable} entry ${i + 1}: ${problem}`);
      else lists.set(username, named);
    });
  if (problems.length > 0) throw new ConfigError(problems);
  return lists;
}

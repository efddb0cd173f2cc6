import { ForbiddenError, NotFoundError, ValidationError } from '../errors';

/** The tenant every record belongs to unless one is named, as in Camunda 8. */
export const DEFAULT_TENANT = '<default>';

/**
 * The tenants a caller may see and act in, handed from the API down to every query and command.
 * Reads filter by it (a row of another tenant is as absent as one that never existed: 404, never
 * 403); commands check the tenant they name or the tenant of the row they address.
 *
 * - {@link TenantScope.ANY}: unrestricted — the engine's own work (timers, Kafka, webhooks) and
 *   direct use of the engine in tests;
 * - {@link TenantScope.DEFAULT_ONLY}: multi-tenancy off — everyone works in `<default>`, and a
 *   request naming another tenant is invalid (400);
 * - {@link TenantScope.of}: multi-tenancy on — the caller's tenants; naming another is 403.
 *
 * @example
 * const scope = TenantScope.of(['tenant-a']);
 * await engine.search.processInstances({}, scope); // only tenant-a's instances
 */
export class TenantScope {
  /** Unrestricted: every tenant. */
  static readonly ANY = new TenantScope(null, true);
  /** Multi-tenancy off: `<default>` only. */
  static readonly DEFAULT_ONLY = new TenantScope([DEFAULT_TENANT], false);

  private constructor(
    /** The tenants in scope; null = every tenant. */
    readonly tenants: readonly string[] | null,
    /** Whether tenants other than `<default>` exist at all. */
    readonly multiTenancy: boolean,
  ) {}

  /** Multi-tenancy on: the given tenants (none given: `<default>` only). */
  static of(tenants: readonly string[]): TenantScope {
    return new TenantScope(tenants.length > 0 ? [...new Set(tenants)] : [DEFAULT_TENANT], true);
  }

  /** Whether rows of `tenantId` are visible in this scope. */
  admits(tenantId: string): boolean {
    return this.tenants === null || this.tenants.includes(tenantId);
  }

  /**
   * The tenant a command acts in: the one it names, or — when it names none — `<default>` if in
   * scope, else the caller's only tenant.
   * @throws ValidationError when multi-tenancy is off and another tenant is named, or when the
   *   caller has several tenants but not `<default>` and names none; ForbiddenError when the named
   *   tenant is not one of the caller's
   */
  tenantFor(named: string | undefined, field = 'tenantId'): string {
    if (named === undefined || named === '') {
      if (this.admits(DEFAULT_TENANT)) return DEFAULT_TENANT;
      if (this.tenants!.length === 1) return this.tenants![0]!;
      throw new ValidationError('Invalid tenant', [
        `${field}: Expected one of your tenants (${this.tenants!.join(', ')}), but found none`,
      ]);
    }
    this.check(named, field);
    return named;
  }

  /**
   * The tenants a multi-tenant request (job activation's `tenantIds`) covers: each named one
   * checked, or every tenant in scope when none is named (null = every tenant).
   * @throws ValidationError, ForbiddenError as {@link tenantFor}
   */
  tenantsFor(named: readonly string[] | undefined, field = 'tenantIds'): readonly string[] | null {
    if (named === undefined || named.length === 0) return this.tenants;
    named.forEach((t, i) => this.check(t, `${field}[${i}]`));
    return named;
  }

  /**
   * A SQL condition restricting `column` to the scope, its parameter appended to `params`;
   * undefined when the scope is unrestricted.
   */
  condition(column: string, params: unknown[]): string | undefined {
    if (this.tenants === null) return undefined;
    params.push(this.tenants);
    return `${column} = ANY($${params.length}::text[])`;
  }

  /**
   * Guards a row found by key: one of another tenant answers exactly as a missing one.
   * @throws NotFoundError with `message` when `tenantId` is out of scope
   */
  visible(tenantId: string, message: string): void {
    if (!this.admits(tenantId)) throw new NotFoundError(message);
  }

  private check(named: string, field: string): void {
    if (!this.multiTenancy && named !== DEFAULT_TENANT) {
      throw new ValidationError('Invalid tenant', [
        `${field}: Expected '${DEFAULT_TENANT}' or no tenant because multi-tenancy is disabled, but found '${named.slice(0, 64)}'`,
      ]);
    }
    if (!this.admits(named)) {
      throw new ForbiddenError(
        `Expected a tenant you are assigned to (${this.tenants!.join(', ')}), but found '${named.slice(0, 64)}'`,
      );
    }
  }
}

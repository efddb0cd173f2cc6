import type { DefinitionStatistics, ElementStatistics } from '@osprey/contracts';
import type { Database } from '../database';
import type { TenantScope } from '../tenants/tenant-scope';

/**
 * Counts for the monitor. Only live rows are counted (ACTIVE element instances, ACTIVE
 * incidents, ACTIVE instances), each through a partial or leading-column index, so the cost
 * follows the number of running instances, not the size of history. Only rows of the caller's
 * tenants are counted.
 */
export class StatisticsRepository {
  constructor(private readonly db: Database) {}

  /** The heat map of one definition: where its tokens wait and where incidents are open. */
  async elements(processDefinitionKey: string, scope: TenantScope): Promise<ElementStatistics[]> {
    const params: unknown[] = [processDefinitionKey];
    const elementTenant = scope.condition('tenant_id', params);
    const tenant = elementTenant ? `AND ${elementTenant}` : '';
    // element_heat: index-only on element_instance_waiting (process_definition_key, element_id)
    // WHERE state = 'ACTIVE'; the process's own element instance is not a diagram element.
    // incident_heat: incident_active (process_definition_key) WHERE state = 'ACTIVE'.
    const rows = await this.db.rows<{ elementId: string; active: string; incidents: string }>(
      `WITH active AS (
         SELECT element_id, count(*) AS n FROM element_instance
          WHERE process_definition_key = $1 AND state = 'ACTIVE' AND type <> 'PROCESS' ${tenant}
          GROUP BY element_id),
       incidents AS (
         SELECT element_id, count(*) AS n FROM incident
          WHERE process_definition_key = $1 AND state = 'ACTIVE' ${tenant}
          GROUP BY element_id)
       SELECT coalesce(a.element_id, i.element_id) AS "elementId", coalesce(a.n, 0) AS active, coalesce(i.n, 0) AS incidents
         FROM active a FULL JOIN incidents i ON i.element_id = a.element_id
        ORDER BY 1`,
      params,
    );
    return rows.map((r) => ({ elementId: r.elementId, active: Number(r.active), incidents: Number(r.incidents) }));
  }

  /** Every definition that has running instances or open incidents, with both counts. */
  async definitions(scope: TenantScope): Promise<DefinitionStatistics[]> {
    const params: unknown[] = [];
    const condition = scope.condition('tenant_id', params);
    const tenant = condition ? `AND ${condition}` : '';
    // definition_counts: process_instance_definition (process_definition_key, state) and
    // incident_active; one group-by each, merged.
    const rows = await this.db.rows<{ key: string; active: string; incidents: string }>(
      `WITH active AS (
         SELECT process_definition_key AS key, count(*) AS n FROM process_instance WHERE state = 'ACTIVE' ${tenant} GROUP BY 1),
       incidents AS (
         SELECT process_definition_key AS key, count(*) AS n FROM incident WHERE state = 'ACTIVE' ${tenant} GROUP BY 1)
       SELECT coalesce(a.key, i.key)::text AS key, coalesce(a.n, 0) AS active, coalesce(i.n, 0) AS incidents
         FROM active a FULL JOIN incidents i ON i.key = a.key`,
      params,
    );
    return rows.map((r) => ({ processDefinitionKey: r.key, activeInstances: Number(r.active), incidents: Number(r.incidents) }));
  }
}

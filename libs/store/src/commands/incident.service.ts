import type { Database } from '../database';
import { isKey } from '../keys';
import { ConflictError, NotFoundError } from '../errors';
import { afterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';
import { TenantScope } from '../tenants/tenant-scope';

/** Incident resolution: the failed step is retried (a job incident makes the job activatable). */
export class IncidentService {
  constructor(
    private readonly db: Database,
    private readonly pipeline: CommandPipeline,
    private readonly events: EngineEvents,
  ) {}

  /** @throws NotFoundError for an unknown incident (or one of a tenant out of `scope`), ConflictError for a resolved one */
  async resolve(incidentKey: string, scope = TenantScope.ANY): Promise<void> {
    const missing = `Incident with key '${incidentKey}' not found`;
    if (!isKey(incidentKey)) throw new NotFoundError(missing);
    const [row] = await this.db.rows<{ pik: string; state: string; tenantId: string }>(
      `SELECT process_instance_key::text AS pik, state, tenant_id AS "tenantId" FROM incident WHERE key = $1`,
      [incidentKey],
    );
    if (!row) throw new NotFoundError(missing);
    scope.visible(row.tenantId, missing);
    if (row.state !== 'ACTIVE') throw new ConflictError(`Expected incident '${incidentKey}' to be active, but it is ${row.state}`);
    const after = afterCommit();
    await this.db.transaction((sql) =>
      this.pipeline.onInstance(sql, row.pik, () => ({ type: 'RESOLVE_INCIDENT', incidentKey }), after),
    );
    this.events.committed(after);
  }
}

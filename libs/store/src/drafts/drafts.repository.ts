import type { Database } from '../database';
import type { TenantScope } from '../tenants/tenant-scope';

/** A form saved with a draft: its id and form-js schema (JSON text). */
export interface DraftForm {
  formId: string;
  schema: string;
}

/** A saved draft as the API returns it. */
export interface Draft {
  processDefinitionId: string;
  name?: string;
  xml: string;
  forms: DraftForm[];
  updatedAt: string;
  updatedBy?: string;
  tenantId: string;
}

export type DraftSummary = Omit<Draft, 'xml' | 'forms'>;

const SUMMARY_COLUMNS = `bpmn_process_id AS "processDefinitionId", name, tenant_id AS "tenantId", updated_by AS "updatedBy",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

/**
 * The `process_draft` table: one diagram per process id and tenant, written by the modeler's
 * "Save draft" and removed when the process is deployed. Every statement is a primary-key
 * lookup except the listing, which reads the (small) table in id order.
 */
export class DraftsRepository {
  constructor(private readonly db: Database) {}

  /** Creates or replaces the draft; returns it as stored. */
  async save(tenantId: string, draft: { processDefinitionId: string; name?: string; xml: string; forms: DraftForm[]; updatedBy?: string }): Promise<Draft> {
    // upsert_draft: last writer wins; drafts are personal scratch space, not versioned history.
    const [row] = await this.db.rows<Draft>(
      `INSERT INTO process_draft (tenant_id, bpmn_process_id, name, xml, forms, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, now(), $6)
       ON CONFLICT (tenant_id, bpmn_process_id)
       DO UPDATE SET name = EXCLUDED.name, xml = EXCLUDED.xml, forms = EXCLUDED.forms, updated_at = now(), updated_by = EXCLUDED.updated_by
       RETURNING ${SUMMARY_COLUMNS}, xml, forms`,
      [tenantId, draft.processDefinitionId, draft.name ?? null, draft.xml, JSON.stringify(draft.forms), draft.updatedBy ?? null],
    );
    return clean(row);
  }

  /** The draft of a process, if one is saved. */
  async get(tenantId: string, processDefinitionId: string): Promise<Draft | undefined> {
    const [row] = await this.db.rows<Draft>(`SELECT ${SUMMARY_COLUMNS}, xml, forms FROM process_draft WHERE tenant_id = $1 AND bpmn_process_id = $2`, [
      tenantId,
      processDefinitionId,
    ]);
    return row ? clean(row) : undefined;
  }

  /** Deletes the draft; true when there was one. */
  async delete(tenantId: string, processDefinitionId: string): Promise<boolean> {
    // Counted in a SELECT: a bare DELETE answers with the driver's [rows, count] pair instead of rows.
    const [row] = await this.db.rows<{ n: number }>(
      `WITH deleted AS (DELETE FROM process_draft WHERE tenant_id = $1 AND bpmn_process_id = $2 RETURNING 1) SELECT count(*)::int AS n FROM deleted`,
      [tenantId, processDefinitionId],
    );
    return (row?.n ?? 0) > 0;
  }

  /** Every draft of the scope's tenants without its XML, by process id. */
  async list(scope: TenantScope, limit: number): Promise<DraftSummary[]> {
    const params: unknown[] = [limit];
    const tenant = scope.condition('tenant_id', params);
    const rows = await this.db.rows<DraftSummary>(
      `SELECT ${SUMMARY_COLUMNS} FROM process_draft ${tenant ? `WHERE ${tenant}` : ''} ORDER BY bpmn_process_id, tenant_id LIMIT $1`,
      params,
    );
    return rows.map(clean);
  }
}

/** Camunda-style: absent fields are left out rather than null. */
function clean<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined)) as T;
}

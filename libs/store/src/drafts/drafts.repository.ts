import type { Draft, DraftForm, DraftKind, DraftSummary } from '@osprey/contracts';
import type { Database } from '../database';
import type { TenantScope } from '../tenants/tenant-scope';

export type { Draft, DraftForm, DraftKind, DraftSummary } from '@osprey/contracts';

/** What the modeler saves: a diagram of one kind, and the forms a process links. */
export interface DraftToSave {
  kind: DraftKind;
  draftId: string;
  name?: string;
  xml: string;
  forms: DraftForm[];
  updatedBy?: string;
}

// `processDefinitionId` repeats the id on BPMN drafts for clients written before drafts had kinds.
const SUMMARY_COLUMNS = `kind, draft_id AS "draftId", CASE WHEN kind = 'bpmn' THEN draft_id END AS "processDefinitionId",
  name, tenant_id AS "tenantId", updated_by AS "updatedBy",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

/**
 * The `draft` table: one diagram per tenant, kind (`bpmn`, `dmn`) and id, written by the
 * modeler's and the decision editor's "Save draft" and removed when the file is deployed. Every
 * statement is a primary-key lookup except the listing, which reads the (small) table in order.
 */
export class DraftsRepository {
  constructor(private readonly db: Database) {}

  /** Creates or replaces the draft; returns it as stored. */
  async save(tenantId: string, draft: DraftToSave): Promise<Draft> {
    // upsert_draft: last writer wins; drafts are personal scratch space, not versioned history.
    const [row] = await this.db.rows<Draft>(
      `INSERT INTO draft (tenant_id, kind, draft_id, name, xml, forms, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, now(), $7)
       ON CONFLICT (tenant_id, kind, draft_id)
       DO UPDATE SET name = EXCLUDED.name, xml = EXCLUDED.xml, forms = EXCLUDED.forms, updated_at = now(), updated_by = EXCLUDED.updated_by
       RETURNING ${SUMMARY_COLUMNS}, xml, forms`,
      [tenantId, draft.kind, draft.draftId, draft.name ?? null, draft.xml, JSON.stringify(draft.forms), draft.updatedBy ?? null],
    );
    return clean(row);
  }

  /** The draft of that kind and id, if one is saved. */
  async get(tenantId: string, kind: DraftKind, draftId: string): Promise<Draft | undefined> {
    const [row] = await this.db.rows<Draft>(`SELECT ${SUMMARY_COLUMNS}, xml, forms FROM draft WHERE tenant_id = $1 AND kind = $2 AND draft_id = $3`, [
      tenantId,
      kind,
      draftId,
    ]);
    return row ? clean(row) : undefined;
  }

  /** Deletes the draft; true when there was one. */
  async delete(tenantId: string, kind: DraftKind, draftId: string): Promise<boolean> {
    // Counted in a SELECT: a bare DELETE answers with the driver's [rows, count] pair instead of rows.
    const [row] = await this.db.rows<{ n: number }>(
      `WITH deleted AS (DELETE FROM draft WHERE tenant_id = $1 AND kind = $2 AND draft_id = $3 RETURNING 1) SELECT count(*)::int AS n FROM deleted`,
      [tenantId, kind, draftId],
    );
    return (row?.n ?? 0) > 0;
  }

  /** The drafts of the scope's tenants (narrowed by kind and tenant when given) without their XML, by kind and id. */
  async list(scope: TenantScope, limit: number, filter: { kind?: DraftKind; tenantId?: string } = {}): Promise<DraftSummary[]> {
    const params: unknown[] = [limit];
    const conditions = [scope.condition('tenant_id', params)];
    for (const [column, value] of [['kind', filter.kind], ['tenant_id', filter.tenantId]] as const) {
      if (value === undefined) continue;
      params.push(value);
      conditions.push(`${column} = $${params.length}`);
    }
    const where = conditions.filter(Boolean).join(' AND ');
    const rows = await this.db.rows<DraftSummary>(
      `SELECT ${SUMMARY_COLUMNS} FROM draft ${where ? `WHERE ${where}` : ''} ORDER BY kind, draft_id, tenant_id LIMIT $1`,
      params,
    );
    return rows.map(clean);
  }
}

/** Camunda-style: absent fields are left out rather than null. */
function clean<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined)) as T;
}

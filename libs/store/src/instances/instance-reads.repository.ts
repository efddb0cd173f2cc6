import type { JsonValue } from '@osprey/runtime';
import type { Database } from '../database';

/** One record of an instance's history, as the monitor's timeline reads it. */
export interface HistoryEntry {
  position: string;
  recordKey: string | null;
  valueType: string;
  intent: string;
  elementId: string | null;
  timestamp: string;
  value: unknown;
  /** Who made the request whose command wrote the record (from the audit log); null for the engine's own work (timers, follow-up steps) or when unknown. */
  actor: string | null;
}

/**
 * Small reads of one process instance by key that serve the API around the command pipeline:
 * awaiting an end, the variables a finished start returns, and the history timeline. Each is
 * one index probe on the instance's key.
 */
export class InstanceReadsRepository {
  constructor(private readonly db: Database) {}

  /** The instance's state (`ACTIVE`, `COMPLETED`, `TERMINATED`), or undefined when no such instance exists. */
  async state(key: string): Promise<string | undefined> {
    const [row] = await this.db.rows<{ state: string }>(`SELECT state FROM process_instance WHERE key = $1`, [key]);
    return row?.state;
  }

  /** The tenant the instance belongs to (kept after it ends), or undefined when no such instance exists. */
  async tenantOf(key: string): Promise<string | undefined> {
    const [row] = await this.db.rows<{ tenantId: string }>(`SELECT tenant_id AS "tenantId" FROM process_instance WHERE key = $1`, [key]);
    return row?.tenantId;
  }

  /** The instance's root-scope variables, only `names` when given (an empty list means all). */
  async rootVariables(key: string, names?: readonly string[]): Promise<Record<string, JsonValue>> {
    const rows = await this.db.rows<{ name: string; value: JsonValue }>(
      `SELECT name, value FROM variable WHERE scope_key = $1 AND ($2::text[] IS NULL OR name = ANY($2::text[]))`,
      [key, names && names.length > 0 ? names : null],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  }

  /**
   * A page of the instance's records, oldest first, with the total count, from the view
   * `history_entry` (ADR 0029): history_batch_instance (process_instance_key, first_position)
   * and history_record_instance find the instance's rows on every partition.
   */
  async history(key: string, from: number, limit: number): Promise<{ items: HistoryEntry[]; totalItems: number }> {
    const [items, count] = await Promise.all([
      this.db.rows<HistoryEntry>(
        // The actor: the audit entry written in the same transaction (audit_entry_xid).
        `SELECT h.position::text AS position, h.record_key::text AS "recordKey", h.value_type AS "valueType", h.intent,
                h.element_id AS "elementId", h.value,
                to_char(h."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "timestamp",
                (SELECT COALESCE(a.actor_id, a.actor_kind) FROM audit_entry a WHERE h.xid IS NOT NULL AND a.xid = h.xid ORDER BY a.id LIMIT 1) AS actor
           FROM history_entry h WHERE h.process_instance_key = $1
          ORDER BY h.position LIMIT $2 OFFSET $3`,
        [key, limit, from],
      ),
      this.db.rows<{ n: string }>(`SELECT count(*) AS n FROM history_entry WHERE process_instance_key = $1`, [key]),
    ]);
    return { items, totalItems: Number(count[0]?.n ?? 0) };
  }
}

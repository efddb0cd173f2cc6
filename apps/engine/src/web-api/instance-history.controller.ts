import { Body as RawBody, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { NotFoundError, type OspreyEngine, isKey } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { Body } from '../api/body';
import { tenantScopeOf } from '../auth/tenants';

/** Most records one page returns. */
const MAX_PAGE = 1000;

interface HistoryRow {
  position: string;
  recordKey: string | null;
  valueType: string;
  intent: string;
  elementId: string | null;
  timestamp: string;
  value: unknown;
}

/**
 * Osprey: the record stream of one process instance, oldest first — what the monitor's timeline
 * and "path taken" are drawn from. `POST /v2/osprey/process-instances/{key}/history`
 * `{ page?: { from, limit } }` → `{ items, page: { totalItems } }`.
 */
@Controller('v2/osprey/process-instances')
export class InstanceHistoryController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post(':key/history')
  @HttpCode(200)
  async history(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const page = new Body(b.raw('page'), 'page');
    const from = page.int('from', { min: 0 }) ?? 0;
    const limit = page.int('limit', { min: 0, max: MAX_PAGE }) ?? MAX_PAGE;
    b.done();
    page.done();
    const missing = `Process instance with key '${key}' not found`;
    if (!isKey(key)) throw new NotFoundError(missing);
    // History rows carry no tenant; the instance row (kept after it ends) says whose they are.
    const [instance] = await this.engine.db.rows<{ tenantId: string }>(`SELECT tenant_id AS "tenantId" FROM process_instance WHERE key = $1`, [key]);
    if (!instance) throw new NotFoundError(missing);
    tenantScopeOf(req).visible(instance.tenantId, missing);
    // instance_history: history_record_instance (process_instance_key, position) on every
    // partition; the count rides on the same index.
    const [rows, count] = await Promise.all([
      this.engine.db.rows<HistoryRow>(
        `SELECT position::text AS position, record_key::text AS "recordKey", value_type AS "valueType", intent,
                element_id AS "elementId", value,
                to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "timestamp"
           FROM history_record WHERE process_instance_key = $1
          ORDER BY history_record.position LIMIT $2 OFFSET $3`,
        [key, limit, from],
      ),
      this.engine.db.rows<{ n: string }>(`SELECT count(*) AS n FROM history_record WHERE process_instance_key = $1`, [key]),
    ]);
    const totalItems = Number(count[0]?.n ?? 0);
    const items = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
    return { items, page: { totalItems } };
  }
}

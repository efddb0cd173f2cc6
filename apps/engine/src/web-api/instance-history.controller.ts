import { Controller, Inject, Param, Req } from '@nestjs/common';
import { InstanceReadsRepository, NotFoundError, type OspreyEngine, isKey } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { INSTANCE_HISTORY, type InstanceHistoryRequest, MAX_HISTORY_PAGE } from '@osprey/contracts';
import { ContractBody, Route } from '../api/contract-route';
import { tenantScopeOf } from '../auth/tenants';

/**
 * Osprey: the record stream of one process instance, oldest first — what the monitor's timeline
 * and "path taken" are drawn from. `POST /v2/osprey/process-instances/{key}/history`
 * `{ page?: { from, limit } }` → `{ items, page: { totalItems } }`.
 */
@Controller()
export class InstanceHistoryController {
  private readonly reads: InstanceReadsRepository;

  constructor(@Inject(ENGINE) engine: OspreyEngine) {
    this.reads = new InstanceReadsRepository(engine.db);
  }

  @Route(INSTANCE_HISTORY)
  async history(@Param('key') key: string, @ContractBody() body: InstanceHistoryRequest, @Req() req: unknown) {
    const { page: { from = 0, limit = MAX_HISTORY_PAGE } = {} } = body;
    const missing = `Process instance with key '${key}' not found`;
    if (!isKey(key)) throw new NotFoundError(missing);
    // History rows carry no tenant; the instance row (kept after it ends) says whose they are.
    const tenantId = await this.reads.tenantOf(key);
    if (tenantId === undefined) throw new NotFoundError(missing);
    tenantScopeOf(req).visible(tenantId, missing);
    const { items: rows, totalItems } = await this.reads.history(key, from, limit);
    const items = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
    return { items, page: { totalItems } };
  }
}

import type { ModifyInstanceCommand } from '@osprey/runtime';
import type { Database } from '../database';
import { afterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';
import { TenantScope } from '../tenants/tenant-scope';

/** A modification request (`POST /v2/process-instances/{key}/modification`). */
export type ModificationRequest = Omit<ModifyInstanceCommand, 'type'>;

/** Process instance modification: an operator terminates and activates elements of a running instance. */
export class ModificationService {
  constructor(
    private readonly db: Database,
    private readonly pipeline: CommandPipeline,
    private readonly events: EngineEvents,
  ) {}

  /**
   * Runs the modification as one command (one transaction): all of it happens or, when any
   * instruction does not fit, nothing does.
   * @throws NotFoundError for an unknown instance (or one of a tenant out of `scope`) or element
   *   instance, ConflictError for an ended instance, ValidationError for an instruction the
   *   process cannot carry out
   */
  async modify(processInstanceKey: string, request: ModificationRequest, scope = TenantScope.ANY): Promise<void> {
    const after = afterCommit();
    await this.db.transaction((sql) =>
      this.pipeline.onInstance(sql, processInstanceKey, () => ({ type: 'MODIFY', ...request }), after, scope),
    );
    this.events.committed(after);
  }
}

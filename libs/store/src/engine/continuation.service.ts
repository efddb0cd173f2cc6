import type { Database } from '../database';
import { afterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';

/**
 * Runs the work that bounded commands left (ADR 0009): an instance whose transaction reached
 * the step bound (`OSPREY_MAX_STEPS_PER_TRANSACTION`) was written with `continue_at` set and
 * its remaining steps in its state. Each slice is its own transaction on the instance lock,
 * claimed with `SKIP LOCKED` and oldest first, so replicas share the work, a slice that was
 * cut short by a crash is simply claimed again, and the runaway instance goes to the back of
 * the line behind every other one after each slice — which is what lets a cancel, a health
 * probe or another process's start get through while it runs.
 */
export class ContinuationService {
  constructor(
    private readonly db: Database,
    private readonly pipeline: CommandPipeline,
    private readonly events: EngineEvents,
  ) {}

  /** Runs up to `limit` due slices, one transaction each; returns how many ran. */
  async runDue(limit = 100): Promise<number> {
    let ran = 0;
    while (ran < limit && (await this.runOne())) ran++;
    return ran;
  }

  /** Claims the oldest due instance and runs one slice of its work; false when none is due. */
  private async runOne(): Promise<boolean> {
    const after = afterCommit();
    const ran = await this.db.transaction(async (sql) => {
      // The partial index on continue_at holds only instances with work left: a short scan.
      const [due] = await sql.rows<{ key: string }>(
        `SELECT key::text AS key FROM process_instance
          WHERE continue_at IS NOT NULL AND continue_at <= now()
          ORDER BY continue_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!due) return false;
      const state = await this.pipeline.lock(sql, due.key).catch(() => null);
      if (!state?.pending) {
        // Ended, or another command already ran the work: nothing left to continue.
        await sql.exec(`UPDATE process_instance SET continue_at = NULL WHERE key = $1`, [due.key]);
        return true;
      }
      await this.pipeline.runLocked(sql, state, { type: 'CONTINUE' }, after);
      return true;
    });
    this.events.committed(after);
    return ran;
  }
}

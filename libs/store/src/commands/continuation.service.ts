import type { Database } from '../database';
import { afterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';

/** Seconds a failed slice waits before its instance is tried again. */
const RETRY_AFTER_S = 10;

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

  /** Reports a slice that failed (logged by the host); the instance is retried after {@link RETRY_AFTER_S}. */
  onError?: (error: unknown, processInstanceKey: string) => void;

  /** Claims the oldest due instance and runs one slice of its work; false when none is due. */
  private async runOne(): Promise<boolean> {
    const after = afterCommit();
    let claimed: string | undefined;
    try {
      const ran = await this.slice(after, (key) => (claimed = key));
      this.events.committed(after);
      return ran;
    } catch (error) {
      if (!claimed) throw error;
      // A slice that fails (a bug, a lost connection) must not hold up every other instance at the
      // head of the queue: this one goes to the back and is tried again later.
      this.onError?.(error, claimed);
      await this.db.rows(`UPDATE process_instance SET continue_at = now() + make_interval(secs => $2) WHERE key = $1 AND continue_at IS NOT NULL`, [claimed, RETRY_AFTER_S]);
      return true;
    }
  }

  private async slice(after: ReturnType<typeof afterCommit>, claim: (key: string) => void): Promise<boolean> {
    return this.db.transaction(async (sql) => {
      // The partial index on continue_at holds only instances with work left: a short scan.
      const [due] = await sql.rows<{ key: string }>(
        `SELECT key::text AS key FROM process_instance
          WHERE continue_at IS NOT NULL AND continue_at <= now()
          ORDER BY continue_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!due) return false;
      claim(due.key);
      const state = await this.pipeline.lock(sql, due.key).catch(() => null);
      if (!state?.pending) {
        // Ended, or another command already ran the work: nothing left to continue.
        await sql.exec(`UPDATE process_instance SET continue_at = NULL WHERE key = $1`, [due.key]);
        return true;
      }
      await this.pipeline.runLocked(sql, state, { type: 'CONTINUE' }, after);
      return true;
    });
  }
}

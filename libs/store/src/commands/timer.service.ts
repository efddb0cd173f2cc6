import type { ProcessGraph } from '@osprey/bpmn';
import { firstTimerStartDue, nextCycleDue } from '@osprey/runtime';
import type { Database, Sql } from '../database';
import type { KeyAllocator } from '../keys';
import type { DefinitionRepository } from '../definitions/definition.repository';
import { afterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';
import type { InstanceService } from './instance.service';

interface DueTimer {
  key: string;
  pik: string | null;
  eik: string | null;
  pdk: string;
  target: string;
  due: number;
  repetitions: number;
  interval: string | null;
}

/**
 * Fires due timers from the `timer` table on the database clock. Any replica may run it:
 * each timer is claimed under its instance's lock (or, for timer start events, its own row
 * lock with SKIP LOCKED) and deleted in the transaction that fires it — exactly once.
 */
export class TimerService {
  constructor(
    private readonly db: Database,
    private readonly keys: KeyAllocator,
    private readonly definitions: DefinitionRepository,
    private readonly pipeline: CommandPipeline,
    private readonly instances: InstanceService,
    private readonly events: EngineEvents,
  ) {}

  /** Fires up to `limit` due timers; returns how many fired. */
  async fireDue(limit = 100): Promise<number> {
    // Due timers, oldest first; the due-date index makes this a short range scan however
    // many future timers wait (a 90-day timer is just a row).
    const due = await this.db.rows<DueTimer>(
      `SELECT key::text AS key, process_instance_key::text AS pik, element_instance_key::text AS eik,
              process_definition_key::text AS pdk, target_element_id AS target,
              (extract(epoch FROM due_date) * 1000)::float8 AS due, repetitions, interval
         FROM timer WHERE due_date <= now() ORDER BY due_date LIMIT $1`,
      [limit],
    );
    let fired = 0;
    for (const timer of due) {
      try {
        if (await this.fire(timer)) fired++;
      } catch (error) {
        // One broken timer must not stop the others; it stays due and is retried next tick.
        this.onError?.(error, timer.key);
      }
    }
    return fired;
  }

  /** Reports a timer that could not fire (logged by the host). */
  onError?: (error: unknown, timerKey: string) => void;

  private async fire(timer: DueTimer): Promise<boolean> {
    const after = afterCommit();
    const fired = await this.db.transaction(async (sql) => {
      if (timer.pik === null) return this.fireStart(sql, timer, after);
      // SKIP LOCKED: a busy instance is retried on the next tick instead of blocking the loop.
      const state = await this.pipeline.tryLock(sql, timer.pik);
      if (state === 'skipped') return false;
      const [still] = await sql.rows(`SELECT 1 FROM timer WHERE key = $1`, [timer.key]);
      if (!still) return false;
      await this.pipeline.runLocked(
        sql,
        state,
        {
          type: 'TRIGGER_TIMER',
          timerKey: timer.key,
          elementInstanceKey: timer.eik!,
          targetElementId: timer.target,
          dueDate: timer.due,
          repetitions: timer.repetitions,
          interval: timer.interval ?? undefined,
        },
        after,
      );
      return true;
    });
    this.events.committed(after);
    return fired;
  }

  private async fireStart(sql: Sql, timer: DueTimer, after: ReturnType<typeof afterCommit>): Promise<boolean> {
    const [locked] = await sql.rows(`SELECT 1 FROM timer WHERE key = $1 FOR UPDATE SKIP LOCKED`, [timer.key]);
    if (!locked) return false;
    const { row } = await this.definitions.get(timer.pdk, sql);
    await this.instances.startIn(sql, row, {}, timer.target, after);
    await sql.exec(`DELETE FROM timer WHERE key = $1`, [timer.key]);
    const next = nextCycleDue({ interval: timer.interval ?? undefined, repetitions: timer.repetitions, dueDate: timer.due }, await this.pipeline.now(sql));
    if (next.ok && next.value) {
      await this.insertStartTimer(sql, timer.pdk, timer.target, next.value.dueDate, next.value.repetitions, next.value.interval ?? null);
    }
    return true;
  }

  /**
   * Replaces the start timers of a process when a new version is deployed: the previous
   * version's timer start events stop, the new version's begin.
   */
  async registerStartTimers(sql: Sql, bpmnProcessId: string, definitionKey: string, graph: ProcessGraph, now: number): Promise<void> {
    await sql.exec(
      // Only the deploying tenant's versions: another tenant's process of the same id keeps its timers.
      `DELETE FROM timer WHERE process_instance_key IS NULL
          AND process_definition_key IN (
            SELECT d.key FROM process_definition d
             WHERE d.bpmn_process_id = $1 AND d.tenant_id = (SELECT tenant_id FROM process_definition WHERE key = $2))`,
      [bpmnProcessId, definitionKey],
    );
    for (const id of graph.startEvents.timer) {
      const first = firstTimerStartDue(graph.elements.get(id)!, now);
      // Deployment validation already refused invalid static timers; a FEEL timer that fails
      // without variables simply does not start (there is no instance to raise an incident on).
      if (!first.ok) continue;
      await this.insertStartTimer(sql, definitionKey, id, first.value.dueDate, first.value.repetitions, first.value.interval ?? null);
    }
  }

  private async insertStartTimer(sql: Sql, pdk: string, target: string, due: number, repetitions: number, interval: string | null) {
    const [timerKey] = await this.keys.take(1, sql);
    await sql.exec(
      `INSERT INTO timer (key, process_instance_key, element_instance_key, process_definition_key, target_element_id, due_date, repetitions, interval, tenant_id)
       VALUES ($1, NULL, NULL, $2, $3, to_timestamp($4 / 1000.0), $5, $6, (SELECT tenant_id FROM process_definition WHERE key = $2))`,
      [timerKey, pdk, target, due, repetitions, interval],
    );
  }
}

import type { InMemoryEngine } from '../in-memory-engine';
import { boundaryMessageName, CORRELATION_KEY } from './process-xml';
import { DRIVER_VARIABLE } from './process-tree';
import type { DriverAction, ProcessDriver, RunObservation } from './random-run';

/** Drives one instance of a generated process on an {@link InMemoryEngine}. */
export class InMemoryProcessDriver implements ProcessDriver {
  constructor(
    readonly engine: InMemoryEngine,
    readonly processInstanceKey: string,
  ) {}

  /** Starts an instance of `processId` with the variables every generated process expects. */
  static start(engine: InMemoryEngine, processId: string): InMemoryProcessDriver {
    return new InMemoryProcessDriver(engine, engine.createInstance(processId, initialVariables()));
  }

  observe(): RunObservation {
    const pik = this.processInstanceKey;
    const e = this.engine;
    const completed: Record<string, number> = {};
    for (const r of e.records(pik)) {
      if (r.valueType !== 'PROCESS_INSTANCE' || r.intent !== 'ELEMENT_COMPLETED') continue;
      if (r.value.bpmnElementType === 'PROCESS') continue;
      completed[r.value.elementId] = (completed[r.value.elementId] ?? 0) + 1;
    }
    const state = e.instanceState(pik);
    return {
      waiting: [
        ...e.userTasks(pik).map((t) => t.elementId),
        ...e.jobs({ processInstanceKey: pik }).map((j) => j.elementId),
      ].sort(),
      timers: e
        .timers(pik)
        .map((t) => t.targetElementId)
        .sort(),
      messages: e
        .messageSubscriptions(pik)
        .map((s) => s.targetElementId)
        .sort(),
      completed: sortedCounts(completed),
      outcome:
        state === 'COMPLETED'
          ? 'completed'
          : state === 'TERMINATED'
            ? 'terminated'
            : e.incidents(pik).length
              ? 'error'
              : 'waiting',
    };
  }

  perform(action: DriverAction): void {
    const pik = this.processInstanceKey;
    const e = this.engine;
    switch (action.kind) {
      case 'complete': {
        const task = e.userTasks(pik).find((t) => t.elementId === action.elementId);
        if (task) return e.completeUserTask(task.key, action.variables);
        const job = e.jobs({ processInstanceKey: pik, elementId: action.elementId })[0];
        if (!job) throw new Error(`Expected a waiting task '${action.elementId}', but there is none`);
        return e.completeJob(job.key, action.variables);
      }
      case 'timer': {
        const timer = e.timers(pik).find((t) => t.targetElementId === action.boundaryId);
        if (!timer) throw new Error(`Expected a pending timer on '${action.boundaryId}', but there is none`);
        return e.triggerTimer(timer.key);
      }
      case 'message':
        e.publishMessage(boundaryMessageName(action.boundaryId), CORRELATION_KEY);
        return;
    }
  }
}

/** The variables a generated process starts with: the driver variable and the correlation key. */
export function initialVariables(): Record<string, number | string> & { key: string } {
  return { [DRIVER_VARIABLE]: 0, key: CORRELATION_KEY };
}

/** `counts` with its keys sorted, so two observations compare equal regardless of order. */
export function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

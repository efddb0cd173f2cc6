/**
 * Runs a generated process on the `bpmn-engine` package (the reference interpreter) behind the
 * same {@link ProcessDriver} interface as Osprey's in-memory engine. Its timers are replaced by
 * a registry the driver fires by hand, and its conditions call comparison services that read
 * the driver's variable (its expressions cannot compare; see `renderBpmnEngineXml`).
 */
import { EventEmitter } from 'node:events';
import { Engine, type Execution } from 'bpmn-engine';
import {
  BPMN_ENGINE_COMPARISONS,
  DRIVER_VARIABLE,
  initialVariables,
  sortedCounts,
  type DriverAction,
  type ProcessDriver,
  type RunObservation,
} from '../../src';

/** A pending timer of the reference engine: who owns it and what firing it runs. */
interface ManualTimer {
  readonly id: number;
  readonly ownerId: string | undefined;
  readonly fire: () => void;
}

/** Stands in for bpmn-elements' timers (same shape): nothing fires until the driver says so. */
class ManualTimers {
  private readonly pending = new Map<number, ManualTimer>();
  private count = 0;

  get executing(): ManualTimer[] {
    return [...this.pending.values()];
  }

  register(owner: { id?: string } | undefined) {
    return {
      setTimeout: (callback: (...args: unknown[]) => void, _delay: number, ...args: unknown[]) =>
        this.add(owner?.id, () => callback(...args)),
      clearTimeout: (ref: ManualTimer | undefined) => this.clearTimeout(ref),
    };
  }

  setTimeout(callback: (...args: unknown[]) => void, _delay: number, ...args: unknown[]): ManualTimer {
    return this.add(undefined, () => callback(...args));
  }

  clearTimeout(ref: ManualTimer | undefined): void {
    if (ref) this.pending.delete(ref.id);
  }

  owners(): string[] {
    return this.executing.flatMap((t) => (t.ownerId ? [t.ownerId] : []));
  }

  fire(ownerId: string): void {
    const timer = this.executing.find((t) => t.ownerId === ownerId);
    if (!timer) throw new Error(`Expected a pending timer on '${ownerId}', but there is none`);
    this.pending.delete(timer.id);
    timer.fire();
  }

  private add(ownerId: string | undefined, fire: () => void): ManualTimer {
    const timer = { id: this.count++, ownerId, fire };
    this.pending.set(timer.id, timer);
    return timer;
  }
}

const compare: Record<
  (typeof BPMN_ENGINE_COMPARISONS)[keyof typeof BPMN_ENGINE_COMPARISONS],
  (a: number, b: number) => boolean
> = {
  eq: (a, b) => a === b,
  lt: (a, b) => a < b,
  gt: (a, b) => a > b,
};

export class BpmnEngineDriver implements ProcessDriver {
  private constructor(
    private readonly execution: Execution,
    private readonly timers: ManualTimers,
    private readonly variables: Record<string, number>,
    private readonly userTasks: ReadonlySet<string>,
    private readonly messageBoundaries: ReadonlySet<string>,
    private readonly waits: ReadonlySet<string>,
    private readonly completed: Record<string, number>,
    private readonly ended: { outcome?: 'completed' | 'error' },
  ) {}

  /** Starts the process of `xml`, whose user tasks and message boundary events have the ids given. */
  static async start(
    xml: string,
    userTasks: ReadonlySet<string>,
    messageBoundaries: ReadonlySet<string>,
  ): Promise<BpmnEngineDriver> {
    const timers = new ManualTimers();
    const variables: Record<string, number> = {
      [DRIVER_VARIABLE]: Number(initialVariables()[DRIVER_VARIABLE]),
    };
    const services = Object.fromEntries(
      Object.entries(compare).map(([name, fn]) => [
        name,
        (variable: string, value: number) => fn(variables[variable]!, value),
      ]),
    );
    // ManualTimers has the shape of bpmn-elements' timers; its typings only want a looser callback type.
    const options = {
      name: 'differential',
      source: xml,
      services,
      timers,
    } as unknown as ConstructorParameters<typeof Engine>[0];
    const engine = new Engine(options);
    const completed: Record<string, number> = {};
    const listener = new EventEmitter();
    // getPostponed() lists only the top level; activities inside sub-processes are known by their events.
    const waits = new Set<string>();
    listener.on('activity.wait', (api: { id: string }) => waits.add(api.id));
    listener.on('activity.leave', (api: { id: string }) => waits.delete(api.id));
    listener.on('activity.end', (api: { id: string }) => {
      completed[api.id] = (completed[api.id] ?? 0) + 1;
    });
    const ended: { outcome?: 'completed' | 'error' } = {};
    engine.once('end', () => (ended.outcome ??= 'completed'));
    engine.once('error', () => (ended.outcome = 'error'));
    const execution = await engine.execute({ listener });
    return new BpmnEngineDriver(
      execution,
      timers,
      variables,
      userTasks,
      messageBoundaries,
      waits,
      completed,
      ended,
    );
  }

  observe(): RunObservation {
    const outcome = this.ended.outcome ?? 'waiting';
    const waits = outcome === 'waiting' ? [...this.waits] : [];
    return {
      waiting: waits.filter((id) => this.userTasks.has(id)).sort(),
      timers: outcome === 'waiting' ? this.timers.owners().sort() : [],
      messages: waits.filter((id) => this.messageBoundaries.has(id)).sort(),
      completed: sortedCounts(this.completed),
      outcome,
    };
  }

  perform(action: DriverAction): void {
    switch (action.kind) {
      case 'complete':
        Object.assign(this.variables, action.variables);
        this.execution.signal({ id: action.elementId });
        return;
      case 'timer':
        this.timers.fire(action.boundaryId);
        return;
      case 'message':
        this.execution.signal({ id: `Message_${action.boundaryId}` });
        return;
    }
  }
}

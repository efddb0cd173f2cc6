/**
 * The working context of one command: the copy-on-write state, the records written so far, the
 * step queue, and the lookups processors need. Processors and behaviors decide and
 * {@link Processing.write} records; writing applies the record at once, so the state they read
 * next is always up to date.
 */
import type { ElementDef } from '@osprey/bpmn';
import { applyRecord } from '../appliers';
import type { ExecutionContext } from '../execute.contract';
import type { ElementProcessor } from '../processors/element-processor';
import type { EngineRecord } from '../records';
import type { ElementInstance, InstanceState } from '../state';
import type { GraphIndex } from './graph-index';
import type { Step } from './steps';

/** Runs one step; supplied by `execute` so this module stays free of behaviors. */
export type StepRunner = (p: Processing, step: Step) => void;

/** One command's processing. */
export class Processing {
  /** Records in the order they were written. */
  readonly records: EngineRecord[] = [];
  private readonly queue: Step[] = [];
  private head = 0;
  /** Inclusive-join checks wait until the queue is empty (no token is in flight), by dedupe id. */
  private readonly deferred = new Map<string, Step>();

  constructor(
    readonly state: InstanceState,
    readonly ctx: ExecutionContext,
    readonly graph: GraphIndex,
    private readonly processors: (def: ElementDef) => ElementProcessor,
  ) {}

  /** The command's clock, ms since the epoch. */
  get now(): number {
    return this.ctx.now;
  }

  /** A fresh key. */
  nextKey(): string {
    return this.ctx.nextKey();
  }

  /** Appends `record` and applies it to the working state. */
  write(record: EngineRecord): void {
    applyRecord(this.state, record);
    this.records.push(record);
  }

  /** Queues `step` behind every step queued so far. */
  enqueue(step: Step): void {
    this.queue.push(step);
  }

  /** Queues `step` to run once nothing else is queued; a second request with the same id is dropped. */
  defer(id: string, step: Step): void {
    if (!this.deferred.has(id)) this.deferred.set(id, step);
  }

  /** Runs queued steps, then deferred ones, until both are empty. */
  run(runStep: StepRunner): void {
    for (;;) {
      while (this.head < this.queue.length) runStep(this, this.queue[this.head++]!);
      this.queue.length = this.head = 0;
      const next = this.deferred.entries().next();
      if (next.done) return;
      this.deferred.delete(next.value[0]);
      runStep(this, next.value[1]);
    }
  }

  /** The live element instance `key`, or `undefined`. */
  element(key: string): ElementInstance | undefined {
    return this.state.elements[key];
  }

  /** The definition of element instance `el`. */
  def(el: ElementInstance): ElementDef {
    return this.graph.element(el.elementId);
  }

  /** The processor for `def`. */
  processor(def: ElementDef): ElementProcessor {
    return this.processors(def);
  }
}

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
import type { ElementInstance, InstanceState, JsonValue, PendingWork } from '../state';
import type { GraphIndex } from './graph-index';
import type { ConditionsStep, Step, VariableChange } from './steps';

/** The dedupe id of the deferred step that evaluates conditional events after variable changes. */
const CONDITIONS = 'conditions';

/** Runs one step; supplied by `execute` so this module stays free of behaviors. */
export type StepRunner = (p: Processing, step: Step) => void;

/** The processor of an element instance (of `def`); supplied by `execute`. */
export type ProcessorLookup = (def: ElementDef, el: ElementInstance) => ElementProcessor;

/** One command's processing. */
export class Processing {
  /** Records in the order they were written. */
  readonly records: EngineRecord[] = [];
  private readonly queue: Step[] = [];
  private head = 0;
  /** Steps run so far (see {@link run}'s bound). */
  steps = 0;
  /**
   * Steps that wait until the queue is empty (no token is in flight), by dedupe id: inclusive
   * join checks, output collection writes.
   */
  private readonly deferred = new Map<string, Step>();
  /**
   * Output collections of multi-instance bodies changed by this command and not written yet, by
   * body key: each inner completion sets its element here, and the variable is written once
   * per command (see `multi-instance.behavior.ts`), so 1,000 inner instances completing in one
   * command write one record, not 1,000 copies of a growing list. Expressions see them already
   * (see `contextAt`).
   */
  readonly pendingOutputCollections = new Map<
    string,
    { readonly name: string; readonly values: JsonValue[] }
  >();

  /** Variable changes noted so far in this command (their `seq` counter). */
  private variableChanges = 0;
  /**
   * Element instances whose conditional events were evaluated as they activated, with the
   * number of variable changes noted by then: the deferred evaluation skips those changes for
   * them, since the activation already saw their values (one evaluation per change).
   */
  readonly conditionsSeen = new Map<string, number>();

  constructor(
    readonly state: InstanceState,
    readonly ctx: ExecutionContext,
    readonly graph: GraphIndex,
    private readonly processors: ProcessorLookup,
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
    if (record.valueType === 'VARIABLE' && this.graph.hasConditionalEvents) {
      const { scopeKey, name } = record.value;
      this.noteVariableChange(scopeKey, name, record.intent === 'CREATED' ? 'create' : 'update');
    }
  }

  /** The number of variable changes noted so far in this command. */
  get variableChangeCount(): number {
    return this.variableChanges;
  }

  /**
   * Adds a changed variable to the deferred conditions step (one per command, so a command
   * that changes several variables evaluates each conditional event once).
   */
  private noteVariableChange(scopeKey: string, name: string, kind: VariableChange['kind']): void {
    const change: VariableChange = { scopeKey, name, kind, seq: this.variableChanges++ };
    const pending = this.deferred.get(CONDITIONS) as ConditionsStep | undefined;
    // The step is this command's own object until it runs: growing its list in place keeps a
    // command that sets 10,000 variables linear.
    if (pending?.changes) (pending.changes as VariableChange[]).push(change);
    else this.deferred.set(CONDITIONS, { type: 'conditions', changes: [change] });
  }

  /** Queues `step` behind every step queued so far. */
  enqueue(step: Step): void {
    this.queue.push(step);
  }

  /** Queues `step` to run once nothing else is queued; a second request with the same id is dropped. */
  defer(id: string, step: Step): void {
    if (!this.deferred.has(id)) this.deferred.set(id, step);
  }

  /** Drops the deferred step `id`, if queued. */
  undefer(id: string): void {
    this.deferred.delete(id);
  }

  /**
   * Runs queued steps, then deferred ones, until both are empty or `maxSteps` steps have run;
   * {@link unfinished} then holds what is left.
   */
  run(runStep: StepRunner, maxSteps = Infinity): void {
    for (;;) {
      while (this.head < this.queue.length) {
        if (this.steps >= maxSteps) return;
        this.steps++;
        runStep(this, this.queue[this.head++]!);
      }
      this.queue.length = this.head = 0;
      const next = this.deferred.entries().next();
      if (next.done || this.steps >= maxSteps) return;
      this.steps++;
      this.deferred.delete(next.value[0]);
      runStep(this, next.value[1]);
    }
  }

  /** The steps {@link run} left at its bound, in order; undefined when it ran everything. */
  unfinished(): PendingWork | undefined {
    if (this.head >= this.queue.length && this.deferred.size === 0) return undefined;
    return { steps: this.queue.slice(this.head), deferred: [...this.deferred] };
  }

  /** Puts the work an earlier, bounded command left back in front of the queue. */
  resume(work: PendingWork): void {
    this.queue.splice(this.head, 0, ...work.steps);
    for (const [id, step] of work.deferred) {
      // The conditions step grows in place (see noteVariableChange): copy it, since the pending
      // work belongs to the state this command started from. Its changes keep their order, and
      // new ones are numbered after them.
      if (step.type === 'conditions' && step.changes) {
        for (const change of step.changes) this.variableChanges = Math.max(this.variableChanges, change.seq + 1);
        this.defer(id, { ...step, changes: [...step.changes] });
      } else {
        this.defer(id, step);
      }
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

  /** The processor of element instance `el` (a multi-instance body has its own). */
  processor(el: ElementInstance): ElementProcessor {
    return this.processors(this.def(el), el);
  }
}

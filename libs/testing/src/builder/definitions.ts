/** Model values and options turned into the parts of an {@link ElementDef}. */
import type { ElementDef, EventDefinition, Expression, LoopDef, Mapping, TimerDef } from '@osprey/bpmn';
import type { EventOptions, JobOptions, Mappings, ModelValue, MultiInstanceOptions } from './options';

/** An element under construction. */
export type Draft = { -readonly [K in keyof ElementDef]: ElementDef[K] } & {
  incoming: string[];
  outgoing: string[];
  boundaryEvents: string[];
  children: string[];
};

/** Turns a model value into an {@link Expression}. */
export function expr(v: ModelValue): Expression {
  if (typeof v === 'number') return { kind: 'static', value: String(v) };
  return v.startsWith('=') ? { kind: 'feel', source: v.slice(1) } : { kind: 'static', value: v };
}

/** A FEEL expression from a condition, with or without its `=`. */
export function feel(v: string): Expression {
  return { kind: 'feel', source: v.startsWith('=') ? v.slice(1) : v };
}

/** Mappings in key order. */
export function mappings(m: Mappings | undefined): Mapping[] {
  return Object.entries(m ?? {}).map(([target, source]) => ({ target, source: expr(source) }));
}

/** The event definition `opts` describes, if any. */
export function eventDefinition(opts: EventOptions): EventDefinition | undefined {
  if (opts.message) {
    return {
      kind: 'message',
      messageName: expr(opts.message.name),
      ...(opts.message.correlationKey !== undefined
        ? { correlationKey: expr(opts.message.correlationKey) }
        : {}),
    };
  }
  if (opts.timer) {
    const t = opts.timer;
    const timer: TimerDef =
      t.date !== undefined
        ? { timeDate: expr(t.date) }
        : t.duration !== undefined
          ? { timeDuration: expr(t.duration) }
          : { timeCycle: expr(t.cycle ?? '') };
    return { kind: 'timer', timer };
  }
  if (opts.signal !== undefined) return { kind: 'signal', signalName: expr(opts.signal) };
  if (opts.error !== undefined)
    return { kind: 'error', ...(opts.error !== null ? { errorCode: expr(opts.error) } : {}) };
  if (opts.escalation !== undefined)
    return {
      kind: 'escalation',
      ...(opts.escalation !== null ? { escalationCode: expr(opts.escalation) } : {}),
    };
  if (opts.terminate) return { kind: 'terminate' };
  if (opts.link !== undefined) return { kind: 'link', linkName: opts.link };
  if (opts.compensate !== undefined)
    return { kind: 'compensate', ...(opts.compensate !== true ? { activityRef: opts.compensate } : {}) };
  return undefined;
}

/** The job parts of a job-based element. */
export function jobParts(job: JobOptions | undefined): Partial<Draft> {
  if (!job) return {};
  return {
    taskDefinition: { type: expr(job.type), retries: expr(job.retries ?? 3) },
    taskHeaders: job.headers ?? {},
  };
}

/** Multi-instance characteristics. */
export function loopDef(mi: MultiInstanceOptions | undefined): LoopDef | undefined {
  if (!mi) return undefined;
  return {
    isSequential: mi.sequential ?? false,
    inputCollection: feel(mi.inputCollection),
    ...(mi.inputElement ? { inputElement: mi.inputElement } : {}),
    ...(mi.outputCollection ? { outputCollection: mi.outputCollection } : {}),
    ...(mi.outputElement ? { outputElement: feel(mi.outputElement) } : {}),
    ...(mi.completionCondition ? { completionCondition: feel(mi.completionCondition) } : {}),
  };
}

/** `o` without its `undefined` entries. */
export function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

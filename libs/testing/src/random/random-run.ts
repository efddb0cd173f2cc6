import type { Prng } from './prng';
import { DRIVER_VALUES, DRIVER_VARIABLE } from './process-tree';

/**
 * What a driver sees of one instance of a generated process after a step, in terms both
 * interpreters share: element ids, never keys.
 */
export interface RunObservation {
  /** Tasks waiting for a user or a worker, by element id, sorted. */
  readonly waiting: readonly string[];
  /** Boundary events with a pending timer, sorted. */
  readonly timers: readonly string[];
  /** Boundary events with an open message subscription, sorted. */
  readonly messages: readonly string[];
  /** How often each element completed (the process itself left out). */
  readonly completed: Readonly<Record<string, number>>;
  /** How the run stands: ended normally, still waiting, or stopped at an error. */
  readonly outcome: 'completed' | 'waiting' | 'error' | 'terminated';
}

/** One step a driver takes: a task completes (setting the driver variable), a timer fires, a message arrives. */
export type DriverAction =
  | {
      readonly kind: 'complete';
      readonly elementId: string;
      readonly variables: Readonly<Record<string, number>>;
    }
  | { readonly kind: 'timer'; readonly boundaryId: string }
  | { readonly kind: 'message'; readonly boundaryId: string };

/** An interpreter running one instance of a generated process. */
export interface ProcessDriver {
  observe(): RunObservation | Promise<RunObservation>;
  perform(action: DriverAction): void | Promise<void>;
}

/**
 * The next step, drawn from what `observation` shows can happen; `undefined` when nothing can.
 * A message boundary fires at most once per run (`fired` remembers them): a non-interrupting
 * one keeps its subscription, and firing it again would start a second token on elements that
 * already ran, which the comparison by element id cannot tell apart.
 */
export function chooseAction(
  rng: Prng,
  observation: RunObservation,
  fired: Set<string>,
): DriverAction | undefined {
  if (observation.outcome !== 'waiting') return undefined;
  const actions: DriverAction[] = [
    ...observation.waiting.map((elementId) => ({ kind: 'complete', elementId, variables: {} }) as const),
    ...observation.timers.map((boundaryId) => ({ kind: 'timer', boundaryId }) as const),
    ...observation.messages
      .filter((b) => !fired.has(b))
      .map((boundaryId) => ({ kind: 'message', boundaryId }) as const),
  ];
  if (actions.length === 0) return undefined;
  const action = rng.pick(actions);
  if (action.kind === 'message') fired.add(action.boundaryId);
  return action.kind === 'complete'
    ? { ...action, variables: { [DRIVER_VARIABLE]: rng.int(DRIVER_VALUES) } }
    : action;
}

/** A step of a run and what each driver observed after it (for failure reports). */
export interface RunStep {
  readonly action: DriverAction;
  readonly observations: readonly RunObservation[];
}

/** A one-line description of an action, for failure reports. */
export function describeAction(action: DriverAction): string {
  switch (action.kind) {
    case 'complete':
      return `complete ${action.elementId} with ${JSON.stringify(action.variables)}`;
    case 'timer':
      return `fire timer ${action.boundaryId}`;
    case 'message':
      return `publish message of ${action.boundaryId}`;
  }
}

/**
 * The error a property test throws when case `caseSeed` fails: how to replay it alone, the
 * steps taken, what differed, and the process XML — everything needed to reproduce it.
 */
export function replayableFailure(
  caseSeed: number,
  steps: readonly string[],
  error: unknown,
  xml: string,
): Error {
  return new Error(
    [
      `Case with seed ${caseSeed} failed (replay: OSPREY_PROPERTY_SEED=${caseSeed} OSPREY_PROPERTY_CASES=1)`,
      `steps: ${steps.join('; ') || '(none)'}`,
      error instanceof Error ? error.message : String(error),
      'XML:',
      xml,
    ].join('\n'),
    { cause: error },
  );
}

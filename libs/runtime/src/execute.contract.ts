/**
 * The interpreter's entry point contract.
 */
import type { ProcessGraph } from '@osprey/bpmn';
import type { DecisionLookup } from './decisions/decision-lookup';
import type { EngineRecord } from './records';
import type { InstanceState } from './state';

/** What the interpreter needs from its host: a clock, keys, and the graph. */
export interface ExecutionContext {
  /** Current time in ms since the epoch: the database clock when run by the store. */
  readonly now: number;
  /** A fresh, unique int64 key as a decimal string. */
  nextKey(): string;
  /**
   * A random number in [0, 1) for FEEL's `random number()` and `uuid()`. The host draws it (the
   * interpreter reads no randomness); without it those functions fail with an incident.
   */
  readonly random?: () => number;
  /** The graph of the instance's process definition. */
  readonly graph: ProcessGraph;
  /** MIGRATE only: the graph of the definition the instance moves to. */
  readonly targetGraph?: ProcessGraph;
  /**
   * The most steps (element activations, joins, scope checks) this command may run. Work left
   * beyond it is kept in the state's `pending` for a CONTINUE command, so a loop without a wait
   * state, a deep call chain or a large multi-instance runs in slices. 0 runs the command's own
   * writes and queues everything else.
   * @default Infinity
   */
  readonly maxSteps?: number;
  /** Deployed decisions, for business-rule tasks with `zeebe:calledDecision`; none when absent. */
  readonly decisions?: DecisionLookup;
}

/** The outcome of one command. */
export interface ExecutionResult {
  /** The state after every record was applied (a new object; the input is not mutated). */
  readonly state: InstanceState;
  /** Records in the order they happened. */
  readonly records: readonly EngineRecord[];
  /** Steps the command ran (at most `maxSteps`). */
  readonly steps?: number;
}

/**
 * Raised for a command that does not fit the instance's state (unknown element instance,
 * element not waiting for this job, instance already ended) or that asks for something the
 * process cannot do (INVALID_ARGUMENT: an unknown element, a migration plan that does not hold,
 * with every problem in `details`). The store maps it to 404/409/400.
 * Expected runtime failures (FEEL errors, missing variables, unmatched conditions) are not
 * exceptions: they become incidents in the record stream.
 */
export class CommandRejection extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'INVALID_STATE' | 'INVALID_ARGUMENT',
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CommandRejection';
  }
}

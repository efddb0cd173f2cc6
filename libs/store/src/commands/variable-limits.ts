import type { Command, InstanceState, JsonValue } from '@osprey/runtime';
import { PayloadTooLargeError, ValidationError } from '../errors';
import { jsonTextProblem } from '../json-safety';

/** Bounds on variables, in bytes of their serialized JSON (UTF-8). */
export interface VariableLimitOptions {
  /** One variable. @default 1048576 (1 MiB) */
  readonly maxVariableBytes: number;
  /** Every variable of one instance, all scopes together. @default 4194304 (4 MiB) */
  readonly maxInstanceVariablesBytes: number;
  /** Deepest nesting of arrays and objects in one variable. @default 128 */
  readonly maxDepth: number;
  /**
   * Variables one command may bring from outside. Each becomes a record, a row and an entry of
   * the instance's state: 100,000 tiny ones fit every byte limit and still held the event loop
   * for seconds. @default 1000
   */
  readonly maxVariables: number;
}

/** The limits when nothing is configured. */
export const DEFAULT_VARIABLE_LIMITS: VariableLimitOptions = {
  maxVariableBytes: 1024 * 1024,
  maxInstanceVariablesBytes: 4 * 1024 * 1024,
  maxDepth: 128,
  maxVariables: 1_000,
};

/**
 * The one place variable sizes are checked. Every command that brings variables from outside
 * (start, job completion and error, user task completion, variable update, message correlation,
 * signal broadcast, modification) runs through {@link CommandPipeline}, which calls
 * {@link checkCommand} before the interpreter runs and {@link checkInstance} on the state it
 * returns, inside the command's transaction: a refusal rolls everything back.
 *
 * Commands the engine makes itself (timers, a child handing its variables back) are not checked:
 * nobody could act on a refusal, and the variables they carry were checked when they came in.
 */
export class VariableLimits {
  constructor(readonly options: VariableLimitOptions = DEFAULT_VARIABLE_LIMITS) {}

  /**
   * Checks each variable of a set coming from a request (over HTTP or Kafka).
   * @throws ValidationError naming every variable PostgreSQL could not store (U+0000, nesting
   *   deeper than {@link VariableLimitOptions.maxDepth})
   * @throws PayloadTooLargeError naming every variable over {@link VariableLimitOptions.maxVariableBytes},
   *   or for more than {@link VariableLimitOptions.maxVariables} variables
   */
  checkVariables(variables: Readonly<Record<string, JsonValue>> | undefined, where = 'variables'): void {
    // Counted before anything is serialized: a refusal costs as little as the count.
    const crowded = variableCountProblem(variables, this.options.maxVariables, where);
    if (crowded) throw new PayloadTooLargeError(crowded);
    const max = this.options.maxVariableBytes;
    const serialized = Object.entries(variables ?? {}).map(([name, value]) => ({ name, json: JSON.stringify(value) ?? 'null' }));
    const unstorable = serialized.flatMap(({ name, json }) => {
      const why = jsonTextProblem(JSON.stringify(name) + json, this.options.maxDepth);
      return why ? [`${where}.${name}: ${why}`] : [];
    });
    if (unstorable.length > 0) throw new ValidationError('Invalid variables', unstorable);
    const over = serialized
      .map(({ name, json }) => ({ name, bytes: Buffer.byteLength(json) }))
      .filter((v) => v.bytes > max)
      .map((v) => `${where}.${v.name}: Expected at most ${max} bytes of JSON, but found ${v.bytes}`);
    if (over.length > 0) throw new PayloadTooLargeError(`Expected every variable to be at most ${max} bytes, but ${over.length} ${over.length === 1 ? 'is' : 'are'} larger`, over);
  }

  /** Checks the variables a command brings from outside; internal commands pass. */
  checkCommand(command: Command): void {
    for (const [where, variables] of externalVariables(command)) this.checkVariables(variables, where);
  }

  /**
   * Checks the sum of an instance's variables after an outside command set some (an instance
   * that ended with the command holds none).
   * @throws PayloadTooLargeError when it exceeds {@link VariableLimitOptions.maxInstanceVariablesBytes}
   */
  checkInstance(command: Command, state: InstanceState): void {
    // Only variables from outside can grow an instance past its limit; a command that brings
    // none (most job completions) skips serializing every variable of the instance again.
    if (!externalVariables(command).some(([, variables]) => Object.keys(variables ?? {}).length > 0)) return;
    const max = this.options.maxInstanceVariablesBytes;
    let total = 0;
    for (const scope of Object.values(state.variables)) {
      for (const [name, value] of Object.entries(scope)) total += Buffer.byteLength(name) + jsonBytes(value);
    }
    if (total > max) {
      throw new PayloadTooLargeError(
        `Expected the variables of process instance '${state.processInstanceKey}' to total at most ${max} bytes, but they would total ${total}`,
      );
    }
  }
}

/**
 * Why `variables` holds too many variables for one request (more than `max`), if it does. Counted
 * before anything is serialized or validated: the HTTP layer asks it of a body's `variables` right
 * after parsing, so a refusal costs as little as the count.
 */
export function variableCountProblem(variables: unknown, max: number, where = 'variables'): string | undefined {
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return undefined;
  const count = Object.keys(variables).length;
  return count > max
    ? `Expected at most ${max} variables in one request (OSPREY_MAX_VARIABLES_PER_COMMAND), but ${where} holds ${count}`
    : undefined;
}

/** The variable sets of a command that come from a request, labelled for messages. */
function externalVariables(command: Command): [string, Readonly<Record<string, JsonValue>>][] {
  switch (command.type) {
    case 'CREATE_INSTANCE':
      // A call activity's child gets its parent's variables, already checked.
      return command.parentProcessInstanceKey ? [] : [['variables', command.variables]];
    case 'COMPLETE_JOB':
    case 'THROW_ERROR':
    case 'COMPLETE_USER_TASK':
    case 'SET_VARIABLES':
    case 'CORRELATE_MESSAGE':
    case 'TRIGGER_SIGNAL':
      return [['variables', command.variables]];
    case 'MODIFY':
      return command.activateInstructions.flatMap((a, i) =>
        a.variableInstructions.map((v, j): [string, Readonly<Record<string, JsonValue>>] => [`activateInstructions[${i}].variableInstructions[${j}].variables`, v.variables]),
      );
    default:
      return [];
  }
}

function jsonBytes(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null');
}

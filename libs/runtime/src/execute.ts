/**
 * The interpreter's entry point: state + command → records and the new state.
 */
import { emptyState } from './appliers';
import { beginCopyOnWrite, endCopyOnWrite } from './appliers/ownership';
import { runConditions } from './behaviors/conditional-event.behavior';
import { activateElement } from './behaviors/lifecycle.behavior';
import { runJoin } from './behaviors/join.behavior';
import { writeOutputCollection } from './behaviors/multi-instance.behavior';
import { runScopeCheck } from './behaviors/scope.behavior';
import { handleCommand } from './commands/index';
import type { Command, CreateInstanceCommand } from './commands';
import { CommandRejection, type ExecutionContext, type ExecutionResult } from './execute.contract';
import { GraphIndex } from './processing/graph-index';
import { Processing } from './processing/processing';
import type { Step } from './processing/steps';
import { processorFor } from './processors/registry';
import type { InstanceState } from './state';

/**
 * Runs `command` against the instance `state` and returns every record it produced, in order,
 * with the state they lead to. Every token moves forward until it waits (a job, a user task, a
 * timer, a message, a join) or its scope ends. The input state is never mutated.
 *
 * @param state the instance's live state; `null` only for CREATE_INSTANCE
 * @throws CommandRejection NOT_FOUND / INVALID_STATE when the command does not fit the state
 *   (an unknown element instance, an element not waiting on that job, an ended instance)
 */
export function execute(
  state: InstanceState | null,
  command: Command,
  ctx: ExecutionContext,
): ExecutionResult {
  // A migration writes its records against the target: the boundary events it opens are the target's.
  const graph = GraphIndex.of(command.type === 'MIGRATE' && ctx.targetGraph ? ctx.targetGraph : ctx.graph);
  const working = workingState(state, command, ctx);
  // A new instance's state is built from scratch and shared with nobody: no copy-on-write.
  if (state) beginCopyOnWrite(working);
  try {
    const p = new Processing(working, ctx, graph, processorFor);
    if (working.pending) {
      p.resume(working.pending);
      delete working.pending;
    }
    handleCommand(p, command);
    p.run(runStep, ctx.maxSteps);
    const rest = p.unfinished();
    if (rest) keepForLater(p, working);
    return { state: working, records: p.records, steps: p.steps };
  } finally {
    endCopyOnWrite(working);
  }
}

/**
 * The command stopped at its step bound: the output collections gathered so far are written
 * now (the next slice gathers on from the written variable), and the remaining steps wait in
 * the state for a CONTINUE command.
 */
function keepForLater(p: Processing, working: InstanceState): void {
  for (const bodyKey of [...p.pendingOutputCollections.keys()]) {
    p.undefer(`output-collection/${bodyKey}`);
    writeOutputCollection(p, bodyKey);
  }
  const rest = p.unfinished();
  if (rest) working.pending = rest;
}

function workingState(state: InstanceState | null, command: Command, ctx: ExecutionContext): InstanceState {
  if (command.type === 'CREATE_INSTANCE') {
    if (state)
      throw new CommandRejection(
        'INVALID_STATE',
        `Expected no instance '${command.processInstanceKey}' yet, but it exists`,
      );
    return seed(command, ctx);
  }
  if (!state)
    throw new CommandRejection(
      'NOT_FOUND',
      `Expected an instance for command ${command.type}, but none was given`,
    );
  if (state.pending && (command.type === 'MIGRATE' || command.type === 'MODIFY')) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected instance '${state.processInstanceKey}' to be at rest for ${command.type}, but it is still running a long step sequence in slices; retry in a moment`,
    );
  }
  if (state.state !== 'ACTIVE') {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected instance '${state.processInstanceKey}' to be ACTIVE, but it is ${state.state}`,
    );
  }
  // Fresh top-level maps; element instances and variable maps are copied on first write.
  return {
    ...state,
    elements: { ...state.elements },
    variables: { ...state.variables },
    incidents: { ...state.incidents },
    openEntities: { ...state.openEntities },
  };
}

/** The empty state a new instance starts from, with the header its first record carries. */
function seed(cmd: CreateInstanceCommand, ctx: ExecutionContext): InstanceState {
  const s = emptyState(cmd.processInstanceKey);
  s.processDefinitionKey = cmd.processDefinitionKey;
  s.bpmnProcessId = ctx.graph.processId;
  s.version = cmd.version;
  s.tenantId = cmd.tenantId;
  if (cmd.parentProcessInstanceKey) s.parentProcessInstanceKey = cmd.parentProcessInstanceKey;
  if (cmd.parentElementInstanceKey) s.parentElementInstanceKey = cmd.parentElementInstanceKey;
  if (cmd.callDepth) s.callDepth = cmd.callDepth;
  return s;
}

function runStep(p: Processing, step: Step): void {
  switch (step.type) {
    case 'activate': {
      // A token queued for a scope that has since ended (terminated, or completed by a
      // terminate end event) or been interrupted by an event sub-process is dropped with it.
      if (step.flowScopeKey !== null) {
        const scope = p.element(step.flowScopeKey);
        if (scope?.state !== 'ACTIVATED' || scope.interruptedBy !== undefined) return;
      }
      return activateElement(p, step);
    }
    case 'join':
      if (p.element(step.scopeKey)?.interruptedBy !== undefined) return;
      return runJoin(p, step);
    case 'scope-check':
      return runScopeCheck(p, step);
    case 'output-collection':
      return writeOutputCollection(p, step.bodyKey);
    case 'conditions':
      return runConditions(p, step);
  }
}

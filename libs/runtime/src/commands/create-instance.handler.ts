/**
 * CREATE_INSTANCE: the process element instance is activated with the instance's variables on
 * its scope, then its start event: the none start event, or `startElementId` (the message,
 * signal or timer start event the instance was created for).
 */
import { continueActivation } from '../behaviors/lifecycle.behavior';
import { elementRecord } from '../behaviors/records';
import { setLocalVariables } from '../behaviors/variables.behavior';
import type { CreateInstanceCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import type { Processing } from '../processing/processing';

/** Handles CREATE_INSTANCE on the seeded empty state. */
export function createInstance(p: Processing, cmd: CreateInstanceCommand): void {
  const process = p.graph.process;
  if (cmd.startElementId) {
    const start = p.graph.graph.elements.get(cmd.startElementId);
    if (!start || start.type !== 'startEvent' || start.scopeId !== process.id) {
      throw new CommandRejection(
        'NOT_FOUND',
        `Expected a start event '${cmd.startElementId}' of process '${process.id}', but there is none`,
      );
    }
  } else if (!process.noneStartEventId) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected process '${process.id}' to have a none start event, but it has none; start it by its message, signal or timer`,
    );
  }
  const key = cmd.processInstanceKey;
  p.write(
    elementRecord(p, 'ELEMENT_ACTIVATING', { key, elementId: process.id, flowScopeKey: null }, process),
  );
  setLocalVariables(p, key, cmd.variables);
  continueActivation(p, key, cmd.startElementId ? { startElementId: cmd.startElementId } : {});
}

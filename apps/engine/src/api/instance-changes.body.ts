import type { MappingInstruction } from '@osprey/runtime';
import { ValidationError, type MigrationFilter, type ModificationRequest } from '@osprey/store';
import type { MigrateProcessInstanceRequest, MigrateProcessInstancesRequest, ModifyProcessInstanceRequest } from '@osprey/contracts';

/**
 * A modification body (read against its contract) as the store takes it.
 * @throws ValidationError when it has neither an activate nor a terminate instruction
 */
export function toModification(body: ModifyProcessInstanceRequest): ModificationRequest {
  const { activateInstructions = [], terminateInstructions = [] } = body;
  if (activateInstructions.length === 0 && terminateInstructions.length === 0) {
    throw new ValidationError('Invalid request body', ['activateInstructions: Expected at least one activate or terminate instruction, but found none']);
  }
  return {
    activateInstructions: activateInstructions.map(({ elementId, ancestorElementInstanceKey: ancestor, variableInstructions = [] }) => ({
      elementId,
      // Camunda's clients send -1 for "no ancestor": the engine then finds the flow scope itself.
      ...(ancestor !== undefined && String(ancestor) !== '-1' ? { ancestorElementInstanceKey: String(ancestor) } : {}),
      variableInstructions: variableInstructions.map(({ variables = {}, scopeId }) => (scopeId ? { variables, scopeId } : { variables })),
    })),
    terminateInstructions: terminateInstructions.map(({ elementInstanceKey }) => ({ elementInstanceKey: String(elementInstanceKey) })),
  };
}

/** The migration plan fields shared by the single and the batch form. */
export function toMigrationPlan(body: MigrateProcessInstanceRequest): {
  targetProcessDefinitionKey: string;
  mappingInstructions: MappingInstruction[];
  dryRun: boolean;
} {
  const { targetProcessDefinitionKey, mappingInstructions = [], dryRun = false } = body;
  return { targetProcessDefinitionKey: String(targetProcessDefinitionKey), mappingInstructions, dryRun };
}

/**
 * A batch's `filter`: `processDefinitionKey`, or `processDefinitionId` and `processDefinitionVersion`.
 * @throws ValidationError when it names neither
 */
export function toMigrationFilter({ filter }: MigrateProcessInstancesRequest): MigrationFilter {
  const { processDefinitionKey, processDefinitionId, processDefinitionVersion, tenantId } = filter;
  if (processDefinitionKey !== undefined) return { processDefinitionKey: String(processDefinitionKey) };
  if (!processDefinitionId || processDefinitionVersion === undefined) {
    throw new ValidationError('Invalid request body', ['filter: Expected processDefinitionKey, or processDefinitionId and processDefinitionVersion, but found neither']);
  }
  return { processDefinitionId, processDefinitionVersion, ...(tenantId ? { tenantId } : {}) };
}

/**
 * Applies PROCESS_INSTANCE_MIGRATION MIGRATED: the instance now runs on the target definition.
 * The header takes the target's identity; every element id the live state refers to — element
 * instances, tokens waiting at joins, open jobs, user tasks, timers, subscriptions, incidents —
 * is renamed by the record's `elementMapping`. Element types never change (the plan checked it).
 */
import type { ProcessInstanceMigrationRecord } from '../records';
import type { InstanceState, OpenEntity } from '../state';
import { writableElement } from './ownership';

/** Applies one migration record to `state`. */
export function applyMigrationRecord(state: InstanceState, { value }: ProcessInstanceMigrationRecord): void {
  const rename = (id: string): string => value.elementMapping[id] ?? id;
  state.processDefinitionKey = value.processDefinitionKey;
  state.bpmnProcessId = value.bpmnProcessId;
  state.version = value.version;
  for (const key of Object.keys(state.elements)) {
    const el = writableElement(state, key)!;
    el.elementId = rename(el.elementId);
    if (el.triggeredBy) el.triggeredBy = rename(el.triggeredBy);
    if (el.joins) {
      el.joins = Object.fromEntries(
        Object.entries(el.joins).map(([gateway, tokens]) => [rename(gateway), tokens]),
      );
    }
  }
  for (const [key, incident] of Object.entries(state.incidents)) {
    state.incidents[key] = { ...incident, elementId: rename(incident.elementId) };
  }
  const open = state.openEntities ?? {};
  for (const [key, entity] of Object.entries(open)) open[key] = migrated(entity, value, rename);
}

/** The open entity's value as if it had been created on the target definition. */
function migrated(
  entity: OpenEntity,
  target: ProcessInstanceMigrationRecord['value'],
  rename: (id: string) => string,
): OpenEntity {
  const definition = {
    bpmnProcessId: target.bpmnProcessId,
    processDefinitionKey: target.processDefinitionKey,
  };
  switch (entity.valueType) {
    case 'JOB':
    case 'USER_TASK':
      return {
        valueType: entity.valueType,
        value: {
          ...entity.value,
          ...definition,
          processDefinitionVersion: target.version,
          elementId: rename(entity.value.elementId),
        },
      } as OpenEntity;
    case 'TIMER':
      return {
        valueType: 'TIMER',
        value: {
          ...entity.value,
          processDefinitionKey: target.processDefinitionKey,
          targetElementId: rename(entity.value.targetElementId),
        },
      };
    case 'MESSAGE_SUBSCRIPTION':
      return {
        valueType: 'MESSAGE_SUBSCRIPTION',
        value: {
          ...entity.value,
          bpmnProcessId: target.bpmnProcessId,
          targetElementId: rename(entity.value.targetElementId),
        },
      };
    case 'SIGNAL_SUBSCRIPTION':
      return {
        valueType: 'SIGNAL_SUBSCRIPTION',
        value: {
          ...entity.value,
          bpmnProcessId: target.bpmnProcessId,
          targetElementId: rename(entity.value.targetElementId),
        },
      };
    case 'CHILD_INSTANCE':
      return {
        valueType: 'CHILD_INSTANCE',
        value: {
          ...entity.value,
          ...definition,
          processDefinitionVersion: target.version,
          elementId: rename(entity.value.elementId),
        },
      };
  }
}

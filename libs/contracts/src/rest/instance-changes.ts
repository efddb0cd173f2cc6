import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';
import { Int32, KeyParam, OperationReference, VariablesParam } from './common';
import type { RouteContract } from './route-contract';

/** Variables an activated element starts with, on its own scope or on the named flow scope (`scopeId`). */
const VariableInstruction = Type.Object({ variables: Type.Optional(VariablesParam), scopeId: Type.Optional(Type.String()) });

/** The element instance to activate under, or -1 (Camunda's clients send it by default) for "find it". */
export const AncestorKeyParam = Type.Union([KeyParam, Type.Literal('-1'), Type.Literal(-1)], { description: 'a key (a string of digits), or -1 for none' });

/** An element to activate; under `ancestorElementInstanceKey` when its flow scope has several instances. */
export const ActivateInstruction = Type.Object({
  elementId: Type.String(),
  ancestorElementInstanceKey: Type.Optional(AncestorKeyParam),
  variableInstructions: Type.Optional(Type.Array(VariableInstruction)),
});

/** An element instance to terminate (with its children). */
export const TerminateInstruction = Type.Object({ elementInstanceKey: KeyParam });

/**
 * `POST /v2/process-instances/{processInstanceKey}/modification`: terminate element instances,
 * then activate elements; at least one instruction of either kind (the engine checks that).
 */
export const ModifyProcessInstanceRequest = Type.Object({
  activateInstructions: Type.Optional(Type.Array(ActivateInstruction)),
  terminateInstructions: Type.Optional(Type.Array(TerminateInstruction)),
  operationReference: OperationReference,
});
export type ModifyProcessInstanceRequest = Static<typeof ModifyProcessInstanceRequest>;

/** Source → target element id. An active element no instruction names keeps its id when the target has it. */
export const MappingInstruction = Type.Object({ sourceElementId: Type.String(), targetElementId: Type.String() });

const plan = {
  targetProcessDefinitionKey: KeyParam,
  mappingInstructions: Type.Optional(Type.Array(MappingInstruction)),
  /** Osprey: check the plan only, change nothing. @default false */
  dryRun: Type.Optional(Type.Boolean()),
  operationReference: OperationReference,
};

/** `POST /v2/process-instances/{processInstanceKey}/migration`. */
export const MigrateProcessInstanceRequest = Type.Object(plan);
export type MigrateProcessInstanceRequest = Static<typeof MigrateProcessInstanceRequest>;

/** The instances a batch migrates: by `processDefinitionKey`, or `processDefinitionId` and `processDefinitionVersion` (the engine checks one is given). */
export const MigrationFilter = Type.Object({
  processDefinitionKey: Type.Optional(KeyParam),
  processDefinitionId: Type.Optional(Type.String()),
  processDefinitionVersion: Type.Optional(Int32({ minimum: 1 })),
  tenantId: Type.Optional(Type.String()),
});

/** `POST /v2/process-instances/migration` (Osprey): every active instance the filter finds. */
export const MigrateProcessInstancesRequest = Type.Object({ filter: MigrationFilter, ...plan });
export type MigrateProcessInstancesRequest = Static<typeof MigrateProcessInstancesRequest>;

/** The check of one instance's plan on a dry run. */
export const MigrationCheck = Type.Object({
  processInstanceKey: Key,
  sourceProcessDefinitionKey: Key,
  targetProcessDefinitionKey: Key,
  dryRun: Type.Boolean(),
  /** True when the plan holds. */
  valid: Type.Boolean(),
  /** Every problem of the plan ("Expected …, but …"); empty when valid. */
  errors: Type.Array(Type.String()),
});
export type MigrationCheck = Static<typeof MigrationCheck>;

/** What a batch migration did (or, on a dry run, would do). */
export const BatchMigrationResult = Type.Object({
  dryRun: Type.Boolean(),
  targetProcessDefinitionKey: Key,
  /** Matching active instances found. */
  total: Type.Integer({ minimum: 0 }),
  /** Instances migrated (dry run: whose plan holds). */
  migrated: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  failures: Type.Array(Type.Object({ processInstanceKey: Key, errors: Type.Array(Type.String()) })),
});

const tag = 'Process instance';

export const MODIFY_PROCESS_INSTANCE: RouteContract = {
  method: 'post',
  path: '/v2/process-instances/{processInstanceKey}/modification',
  tag,
  summary: 'Modify a process instance: terminate element instances, then activate elements',
  body: ModifyProcessInstanceRequest,
};
export const MIGRATE_PROCESS_INSTANCE: RouteContract = {
  method: 'post',
  path: '/v2/process-instances/{processInstanceKey}/migration',
  tag,
  summary: 'Migrate a process instance to another process definition (or check the plan with dryRun)',
  body: MigrateProcessInstanceRequest,
  response: MigrationCheck,
  noContent: 'Migrated (without dryRun)',
};
export const MIGRATE_PROCESS_INSTANCES: RouteContract = {
  method: 'post',
  path: '/v2/process-instances/migration',
  tag,
  summary: 'Osprey: migrate every active instance of a definition, each in its own transaction',
  body: MigrateProcessInstancesRequest,
  response: BatchMigrationResult,
};

/** Changing running instances: modification and migration (one instance or a batch). */
export const INSTANCE_CHANGE_ROUTES: readonly RouteContract[] = [MODIFY_PROCESS_INSTANCE, MIGRATE_PROCESS_INSTANCE, MIGRATE_PROCESS_INSTANCES];

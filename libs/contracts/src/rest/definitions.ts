import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';

/** A deployed BPMN process, as search and `GET /v2/process-definitions/{key}` return it; `name` and `versionTag` are absent when the diagram has none. */
export const ProcessDefinition = Type.Object({
  processDefinitionKey: Key,
  processDefinitionId: Type.String(),
  name: Type.Optional(Type.String()),
  version: Type.Integer(),
  versionTag: Type.Optional(Type.String()),
  resourceName: Type.String(),
  tenantId: Type.String(),
});
export type ProcessDefinition = Static<typeof ProcessDefinition>;

/** `POST /v2/deployments`: a multipart body of `.bpmn`, `.dmn`, `.form` and `.proto` files. */
export const DeploymentRequest = Type.Object({
  resources: Type.Array(Type.String({ format: 'binary' })),
  tenantId: Type.Optional(Type.String()),
});

const DeployedProcess = Type.Object({
  processDefinition: Type.Object({
    processDefinitionId: Type.String(),
    processDefinitionVersion: Type.Integer(),
    resourceName: Type.String(),
    tenantId: Type.String(),
    processDefinitionKey: Key,
  }),
});
const DeployedDecision = Type.Object({
  decisionDefinition: Type.Object({
    decisionDefinitionId: Type.String(),
    version: Type.Integer(),
    name: Type.String(),
    tenantId: Type.String(),
    decisionRequirementsId: Type.String(),
    decisionDefinitionKey: Key,
    decisionRequirementsKey: Key,
  }),
});
const DeployedRequirements = Type.Object({
  decisionRequirements: Type.Object({
    decisionRequirementsId: Type.String(),
    decisionRequirementsName: Type.String(),
    version: Type.Integer(),
    resourceName: Type.String(),
    tenantId: Type.String(),
    decisionRequirementsKey: Key,
  }),
});
const DeployedForm = Type.Object({
  form: Type.Object({ formId: Type.String(), version: Type.Integer(), resourceName: Type.String(), tenantId: Type.String(), formKey: Key }),
});
const DeployedResource = Type.Object({
  resource: Type.Object({ resourceId: Type.String(), resourceKey: Key, resourceName: Type.String(), version: Type.Integer(), tenantId: Type.String() }),
});

/** What a deployment created: one entry per process, decision, requirements graph, form or other resource. */
export const DeploymentResponse = Type.Object({
  deploymentKey: Key,
  tenantId: Type.String(),
  deployments: Type.Array(Type.Union([DeployedProcess, DeployedDecision, DeployedRequirements, DeployedForm, DeployedResource])),
  /** Osprey addition: what was odd but harmless, such as a diagram shape naming a missing element; absent when nothing was. */
  warnings: Type.Optional(Type.Array(Type.String())),
});
export type DeploymentResponse = Static<typeof DeploymentResponse>;

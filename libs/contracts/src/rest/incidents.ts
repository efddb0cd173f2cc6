import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';

/** An incident, as search and `GET /v2/incidents/{key}` return it. */
export const Incident = Type.Partial(
  Type.Object({
    incidentKey: Key,
    processDefinitionKey: Key,
    processDefinitionId: Type.String(),
    processInstanceKey: Key,
    errorType: Type.String(),
    errorMessage: Type.String(),
    elementId: Type.String(),
    elementInstanceKey: Key,
    creationTime: Type.String({ format: 'date-time' }),
    state: Type.String(),
    jobKey: Key,
    tenantId: Type.String(),
  }),
);
export type Incident = Static<typeof Incident>;

import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';

/** An incident, as search and `GET /v2/incidents/{key}` return it; only `jobKey` may be absent (an incident not raised by a job). */
export const Incident = Type.Object({
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
  jobKey: Type.Optional(Key),
  tenantId: Type.String(),
});
export type Incident = Static<typeof Incident>;

import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';
import { Int32, KeyParam } from './common';
import type { RouteContract } from './route-contract';

/** Most records one page of an instance's history returns (and the default page). */
export const MAX_HISTORY_PAGE = 1000;

/** `POST /v2/osprey/element-statistics`: the heat map of one definition. */
export const ElementStatisticsRequest = Type.Object({ processDefinitionKey: KeyParam });
export type ElementStatisticsRequest = Static<typeof ElementStatisticsRequest>;

/** ACTIVE element instances and open incidents at one element of a definition. */
export const ElementStatistics = Type.Object({ elementId: Type.String(), active: Type.Integer(), incidents: Type.Integer() });
export type ElementStatistics = Static<typeof ElementStatistics>;
export const ElementStatisticsResponse = Type.Object({ items: Type.Array(ElementStatistics) });

/** `POST /v2/osprey/definition-statistics` takes no filter: a body is accepted and not read. */
export const DefinitionStatisticsRequest = Type.Object({}, { additionalProperties: true });

/** Running instances and open incidents of one process definition. */
export const DefinitionStatistics = Type.Object({ processDefinitionKey: Key, activeInstances: Type.Integer(), incidents: Type.Integer() });
export type DefinitionStatistics = Static<typeof DefinitionStatistics>;
export const DefinitionStatisticsResponse = Type.Object({ items: Type.Array(DefinitionStatistics) });

/** `POST /v2/osprey/process-instances/{key}/history`: a page of the record stream, oldest first. */
export const InstanceHistoryRequest = Type.Object({
  page: Type.Optional(
    Type.Object({
      from: Type.Optional(Int32({ minimum: 0 })),
      limit: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_HISTORY_PAGE, description: `an integer between 0 and ${MAX_HISTORY_PAGE}` })),
    }),
  ),
});
export type InstanceHistoryRequest = Static<typeof InstanceHistoryRequest>;

/** One record of an instance's history, as the record stream wrote it; empty fields are absent. */
export const HistoryRecord = Type.Object({
  position: Type.String({ pattern: '^[0-9]{1,19}$', description: 'its position in the record stream (a string of digits)' }),
  recordKey: Type.Optional(Key),
  valueType: Type.String({ example: 'PROCESS_INSTANCE' }),
  intent: Type.String({ example: 'ELEMENT_ACTIVATED' }),
  elementId: Type.Optional(Type.String()),
  timestamp: Type.String({ format: 'date-time' }),
  /** The record's payload; its fields depend on `valueType`. */
  value: Type.Record(Type.String(), Type.Unknown(), { description: "the record's payload, by valueType" }),
  /** Who made the request whose command wrote the record; absent for the engine's own work. */
  actor: Type.Optional(Type.String()),
});
export type HistoryRecord = Static<typeof HistoryRecord>;

/** The records of an instance, oldest first. */
export const InstanceHistoryResponse = Type.Object({
  items: Type.Array(HistoryRecord),
  page: Type.Object({ totalItems: Type.Integer({ minimum: 0 }) }),
});

const tag = 'Statistics';

export const ELEMENT_STATISTICS: RouteContract = {
  method: 'post',
  path: '/v2/osprey/element-statistics',
  tag,
  summary: 'Active element instances per element of a definition: the heat map (Osprey)',
  body: ElementStatisticsRequest,
  response: ElementStatisticsResponse,
};
export const DEFINITION_STATISTICS: RouteContract = {
  method: 'post',
  path: '/v2/osprey/definition-statistics',
  tag,
  summary: 'Running instances and open incidents per definition (Osprey)',
  body: DefinitionStatisticsRequest,
  bodyRequired: false,
  response: DefinitionStatisticsResponse,
};
export const INSTANCE_HISTORY: RouteContract = {
  method: 'post',
  path: '/v2/osprey/process-instances/{processInstanceKey}/history',
  tag: 'Process instance',
  summary: 'The record history of an instance, oldest first (Osprey)',
  body: InstanceHistoryRequest,
  bodyRequired: false,
  response: InstanceHistoryResponse,
};

/** The instance monitor's reads (Osprey additions). */
export const MONITOR_ROUTES: readonly RouteContract[] = [ELEMENT_STATISTICS, DEFINITION_STATISTICS, INSTANCE_HISTORY];

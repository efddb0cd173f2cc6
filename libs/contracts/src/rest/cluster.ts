import { Type, type Static } from '@sinclair/typebox';
import type { RouteContract } from './route-contract';

/** One partition a broker holds. */
export const Partition = Type.Object({
  partitionId: Type.Integer(),
  role: Type.Union([Type.Literal('leader'), Type.Literal('follower'), Type.Literal('inactive')]),
  health: Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy'), Type.Literal('dead')]),
});

/** A broker: Osprey describes itself as one node. */
export const BrokerInfo = Type.Object({ nodeId: Type.Integer(), host: Type.String(), port: Type.Integer(), partitions: Type.Array(Partition), version: Type.String() });

/** `GET /v2/topology`, Camunda's shape: the clients ask it before anything else. */
export const Topology = Type.Object({
  brokers: Type.Array(BrokerInfo),
  clusterSize: Type.Integer(),
  partitionsCount: Type.Integer(),
  replicationFactor: Type.Integer(),
  gatewayVersion: Type.String(),
  lastCompletedChangeId: Type.String(),
});
export type Topology = Static<typeof Topology>;

export const GET_TOPOLOGY: RouteContract = { method: 'get', path: '/v2/topology', tag: 'Cluster', summary: 'Cluster topology', public: true, response: Topology };

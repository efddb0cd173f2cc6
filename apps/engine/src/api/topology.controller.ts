import { Controller } from '@nestjs/common';
import { GET_TOPOLOGY, type Topology } from '@osprey/contracts';
import { Route } from './contract-route';
import { ENGINE_VERSION } from '../version';

/** `GET /v2/topology`: Camunda 8's shape, describing a single node that owns one partition. */
@Controller()
export class TopologyController {
  @Route(GET_TOPOLOGY)
  topology(): Topology {
    return {
      brokers: [
        {
          nodeId: 0,
          host: 'localhost',
          port: 26501,
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
          version: ENGINE_VERSION,
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: ENGINE_VERSION,
      lastCompletedChangeId: '-1',
    };
  }
}

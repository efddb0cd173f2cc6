import { Controller, Get } from '@nestjs/common';
import { ENGINE_VERSION } from '../version';

/** `GET /v2/topology`: Camunda 8's shape, describing a single node that owns one partition. */
@Controller('v2')
export class TopologyController {
  @Get('topology')
  topology() {
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

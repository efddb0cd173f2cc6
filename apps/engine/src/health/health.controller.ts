import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { OspreyEngine } from '@osprey/store';
import { ENGINE, KAFKA } from '../engine.tokens';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { Lifecycle } from '../lifecycle';

/**
 * Kubernetes probes. Liveness: the process answers. Readiness: it can serve requests — the
 * database answers and the engine is not shutting down. Kafka is reported but does not make a
 * replica unready: while it is down, starts, REST jobs, user tasks and reads all work, and
 * Kafka-bound records wait in the outbox until it returns (docs/operations.md, "Health").
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(KAFKA) private readonly kafka: KafkaConnection | null,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
  ) {}

  @Get('live')
  live() {
    return { status: 'UP' };
  }

  /**
   * 200 `UP` when every part answers, 200 `DEGRADED` when only Kafka does not; 503 problem naming
   * the part when the database does not answer or the engine is shutting down.
   */
  @Get('ready')
  async ready(@Res() reply: FastifyReply) {
    const checks: Record<string, 'UP' | 'DOWN'> = { database: (await this.engine.db.ping()) ? 'UP' : 'DOWN' };
    if (this.kafka) checks.kafka = (await this.kafka.ping()) ? 'UP' : 'DOWN';
    if (this.lifecycle.stopping) checks.engine = 'DOWN';
    const down = Object.entries(checks).filter(([, s]) => s === 'DOWN').map(([k]) => k);
    if (down.length === 0) return reply.status(200).send({ status: 'UP', components: checks });
    if (down.every((part) => part === 'kafka')) return reply.status(200).send({ status: 'DEGRADED', components: checks });
    return reply
      .status(503)
      .header('content-type', 'application/problem+json')
      .header('retry-after', '5')
      .send({
        type: 'about:blank',
        title: 'UNAVAILABLE',
        status: 503,
        detail: `Not ready: ${down.map((d) => (d === 'engine' ? 'the engine is shutting down' : `${d} is unreachable`)).join(', ')}`,
        instance: '/health/ready',
        components: checks,
      });
  }
}

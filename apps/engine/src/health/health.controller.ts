import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { OspreyEngine } from '@osprey/store';
import { ENGINE, KAFKA } from '../engine.tokens';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { Lifecycle } from '../lifecycle';

/** Kubernetes probes. Liveness: the process answers. Readiness: its dependencies answer. */
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

  /** 200 when the database (and Kafka, when configured) answer; 503 problem naming the part otherwise. */
  @Get('ready')
  async ready(@Res() reply: FastifyReply) {
    const checks: Record<string, 'UP' | 'DOWN'> = { database: (await this.engine.db.ping()) ? 'UP' : 'DOWN' };
    if (this.kafka) checks.kafka = (await this.kafka.ping()) ? 'UP' : 'DOWN';
    if (this.lifecycle.stopping) checks.engine = 'DOWN';
    const down = Object.entries(checks).filter(([, s]) => s === 'DOWN').map(([k]) => k);
    if (down.length === 0) return reply.status(200).send({ status: 'UP', components: checks });
    return reply
      .status(503)
      .header('content-type', 'application/problem+json')
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

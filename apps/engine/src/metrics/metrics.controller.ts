import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EngineMetrics } from './engine-metrics';

/** `GET /metrics`: Prometheus text exposition of the engine's metrics (outside `/v2`, as scrapers expect). */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(EngineMetrics) private readonly metrics: EngineMetrics) {}

  @Get()
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const text = await this.metrics.scrape();
    await reply.status(200).header('content-type', this.metrics.registry.contentType).send(text);
  }
}

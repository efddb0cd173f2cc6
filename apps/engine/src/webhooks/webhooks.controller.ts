import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ValidationError } from '@osprey/store';
import { WebhookService } from './webhook.service';

/**
 * `POST /v2/webhooks/{name}` — an inbound webhook: a signed JSON delivery becomes a published
 * message (see docs/webhooks.md). Answers `{ messageKey, tenantId }`.
 */
@Controller('v2/webhooks')
export class WebhooksController {
  constructor(@Inject(WebhookService) private readonly webhooks: WebhookService) {}

  @Post(':name')
  @HttpCode(200)
  receive(@Param('name') name: string, @Req() req: FastifyRequest) {
    // Only the JSON parser keeps the raw body the signature covers; text/plain would parse without it.
    const rawBody = (req as FastifyRequest & { rawBody?: string }).rawBody;
    if (rawBody === undefined && req.body !== undefined) {
      throw new ValidationError('Invalid webhook delivery', [`body: Expected content-type application/json, but found '${req.headers['content-type'] ?? ''}'`]);
    }
    return this.webhooks.receive(name, { rawBody: rawBody ?? '', body: req.body, headers: req.headers });
  }
}

import { Controller, Inject, Param, Req } from '@nestjs/common';
import { RECEIVE_WEBHOOK } from '@osprey/contracts';
import type { FastifyRequest } from 'fastify';
import { ValidationError } from '@osprey/store';
import { WebhookService } from './webhook.service';
import { Route } from '../api/contract-route';

/**
 * `POST /v2/webhooks/{name}` — an inbound webhook: a signed JSON delivery becomes a published
 * message (see docs/webhooks.md). Answers `{ messageKey, tenantId }`.
 */
@Controller()
export class WebhooksController {
  constructor(@Inject(WebhookService) private readonly webhooks: WebhookService) {}

  /** The body is not read through the contract: the signature covers its exact bytes, and the service reads the fields its configuration names. */
  @Route(RECEIVE_WEBHOOK)
  receive(@Param('name') name: string, @Req() req: FastifyRequest) {
    // Only the JSON parser keeps the raw body the signature covers; text/plain would parse without it.
    const rawBody = (req as FastifyRequest & { rawBody?: string }).rawBody;
    if (rawBody === undefined && req.body !== undefined) {
      throw new ValidationError('Invalid webhook delivery', [`body: Expected content-type application/json, but found '${req.headers['content-type'] ?? ''}'`]);
    }
    return this.webhooks.receive(name, { rawBody: rawBody ?? '', body: req.body, headers: req.headers });
  }
}

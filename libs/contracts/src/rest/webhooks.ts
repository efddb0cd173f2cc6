import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';
import type { RouteContract } from './route-contract';

/** A webhook delivery: any JSON object; the webhook's configuration says which fields it reads. */
export const WebhookDelivery = Type.Record(Type.String(), Type.Unknown(), { description: 'a JSON object' });

/** The message a webhook delivery published. */
export const WebhookReceipt = Type.Object({ messageKey: Key, tenantId: Type.String() });
export type WebhookReceipt = Static<typeof WebhookReceipt>;

/**
 * `POST /v2/webhooks/{name}` (Osprey). The body is read as sent, not through `readRequest`: the
 * signature covers its exact bytes.
 */
export const RECEIVE_WEBHOOK: RouteContract = {
  method: 'post',
  path: '/v2/webhooks/{name}',
  tag: 'Webhook',
  summary: 'Receive a signed webhook and publish the message it configures (Osprey)',
  description: 'Signed with X-Osprey-Signature: sha256=<HMAC of "<timestamp>.<body>"> and X-Osprey-Timestamp; see docs/webhooks.md.',
  public: true,
  params: { name: Type.String() },
  headers: { 'X-Osprey-Signature': Type.String(), 'X-Osprey-Timestamp': Type.String() },
  body: WebhookDelivery,
  response: WebhookReceipt,
};

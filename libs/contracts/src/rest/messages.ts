import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';
import { DurationMs, TenantId, VariablesParam } from './common';
import type { RouteContract } from './route-contract';

/** `POST /v2/messages/publication`: buffered for `timeToLive` ms when nothing waits yet. */
export const PublishMessageRequest = Type.Object({
  name: Type.String(),
  correlationKey: Type.Optional(Type.String()),
  /** How long the message waits for a subscription, in ms. @default 0 (correlate now or never) */
  timeToLive: Type.Optional(DurationMs(0)),
  /** De-duplicates: a second message with the same id (while the first lives) is refused with 409. */
  messageId: Type.Optional(Type.String()),
  variables: Type.Optional(VariablesParam),
  tenantId: Type.Optional(TenantId),
});
export type PublishMessageRequest = Static<typeof PublishMessageRequest>;
export const PublishMessageResponse = Type.Object({ messageKey: Key, tenantId: Type.String() });

/** `POST /v2/messages/correlation`: correlates now or answers 404. */
export const CorrelateMessageRequest = Type.Object({
  name: Type.String(),
  correlationKey: Type.Optional(Type.String()),
  variables: Type.Optional(VariablesParam),
  tenantId: Type.Optional(TenantId),
});
export type CorrelateMessageRequest = Static<typeof CorrelateMessageRequest>;
export const CorrelateMessageResponse = Type.Object({ messageKey: Key, tenantId: Type.String(), processInstanceKey: Key });

/** `POST /v2/signals/broadcast`. */
export const BroadcastSignalRequest = Type.Object({
  signalName: Type.String(),
  variables: Type.Optional(VariablesParam),
  tenantId: Type.Optional(TenantId),
});
export type BroadcastSignalRequest = Static<typeof BroadcastSignalRequest>;
export const BroadcastSignalResponse = Type.Object({ signalKey: Key, tenantId: Type.String() });

export const PUBLISH_MESSAGE: RouteContract = {
  method: 'post',
  path: '/v2/messages/publication',
  tag: 'Message',
  summary: 'Publish a message (buffered for its time-to-live)',
  body: PublishMessageRequest,
  response: PublishMessageResponse,
};
export const CORRELATE_MESSAGE: RouteContract = {
  method: 'post',
  path: '/v2/messages/correlation',
  tag: 'Message',
  summary: 'Correlate a message to exactly one receiver',
  body: CorrelateMessageRequest,
  response: CorrelateMessageResponse,
};
export const BROADCAST_SIGNAL: RouteContract = { method: 'post', path: '/v2/signals/broadcast', tag: 'Signal', summary: 'Broadcast a signal', body: BroadcastSignalRequest, response: BroadcastSignalResponse };

/** Messages and signals. */
export const MESSAGE_ROUTES: readonly RouteContract[] = [PUBLISH_MESSAGE, CORRELATE_MESSAGE, BROADCAST_SIGNAL];

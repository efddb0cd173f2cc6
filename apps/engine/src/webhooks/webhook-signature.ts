import { createHmac, timingSafeEqual } from 'node:crypto';
import { EngineError } from '@osprey/store';
import type { WebhookSecret } from './webhook-config';

/** How far a delivery's timestamp may be from the engine's clock, in seconds (either way). */
export const SIGNATURE_WINDOW_SECONDS = 300;
export const SIGNATURE_HEADER = 'x-osprey-signature';
export const TIMESTAMP_HEADER = 'x-osprey-timestamp';

/** A webhook delivery that is not signed, signed wrongly, stale, or replayed: 401. */
export class WebhookUnauthenticatedError extends EngineError {
  readonly title = 'UNAUTHENTICATED' as const;
}

/** A delivery whose signature checked out. */
export interface VerifiedDelivery {
  /** Lower-case hex HMAC: identifies the delivery for replay protection. */
  readonly signature: string;
  /** Unix seconds, as signed. */
  readonly timestamp: number;
}

/**
 * Checks `X-Osprey-Signature: sha256=<hex>` — the HMAC-SHA256, keyed with the webhook's
 * secret, of `<X-Osprey-Timestamp>.<raw body>` — and that the timestamp (unix seconds) is
 * within {@link SIGNATURE_WINDOW_SECONDS} of `nowMs`. The comparison takes the same time
 * whatever the bytes (`timingSafeEqual`).
 * @throws WebhookUnauthenticatedError saying which check failed (never what was expected)
 */
export function verifySignature(
  secret: WebhookSecret,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  rawBody: string,
  nowMs: number,
): VerifiedDelivery {
  const signatureHeader = single(headers[SIGNATURE_HEADER]);
  const timestampHeader = single(headers[TIMESTAMP_HEADER]);
  if (!signatureHeader || !timestampHeader) {
    throw new WebhookUnauthenticatedError('Expected the headers X-Osprey-Signature and X-Osprey-Timestamp, but at least one is missing');
  }
  if (!/^\d{1,12}$/.test(timestampHeader)) {
    throw new WebhookUnauthenticatedError(`Expected X-Osprey-Timestamp in unix seconds, but found '${timestampHeader.slice(0, 40)}'`);
  }
  const timestamp = Number(timestampHeader);
  const skew = Math.abs(Math.floor(nowMs / 1000) - timestamp);
  if (skew > SIGNATURE_WINDOW_SECONDS) {
    throw new WebhookUnauthenticatedError(`Expected X-Osprey-Timestamp within ${SIGNATURE_WINDOW_SECONDS} s of the engine's clock, but it is ${skew} s off`);
  }
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signatureHeader.trim());
  if (!match) throw new WebhookUnauthenticatedError('Expected X-Osprey-Signature as sha256=<64 hex digits>, but it is not');
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', secret.bytes()).update(`${timestampHeader}.`).update(rawBody, 'utf8').digest();
  if (!timingSafeEqual(given, expected)) {
    throw new WebhookUnauthenticatedError('Expected X-Osprey-Signature to be the HMAC-SHA256 of "<timestamp>.<body>" with the webhook\'s secret, but it does not match');
  }
  return { signature: given.toString('hex'), timestamp };
}

/**
 * The headers a sender sends: `X-Osprey-Timestamp` and `X-Osprey-Signature` for `rawBody`.
 * @example signDelivery(secret, JSON.stringify(body)) // { 'x-osprey-timestamp': '1767225600', 'x-osprey-signature': 'sha256=…' }
 */
export function signDelivery(secret: string | Buffer, rawBody: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const hex = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `sha256=${hex}` };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

import { createHash } from 'node:crypto';
import { OspreyApiError, type JobHandler, type OspreyClient } from '@osprey/client';

/** `payment-charge` sees `orderId` and `amount` (input mappings) and the `currency` header. */
export interface PaymentChargeVariables {
  readonly orderId?: string;
  readonly amount?: number;
}

export interface PaymentChargeResult {
  readonly paymentId: string;
}

/** The message the process waits for after charging, correlated by `orderId`. */
export const PAYMENT_CONFIRMED = 'payment-confirmed';

/** How long the confirmation waits for the process to reach its catch event: 10 minutes. */
const CONFIRMATION_TTL_MS = 10 * 60_000;

/**
 * Charges the order and, as the payment provider's callback would, confirms it with the
 * `payment-confirmed` message.
 *
 * The provider is simulated: the charge always succeeds, and its id is derived from order,
 * amount and currency the way a provider's idempotency key works, so a retried job charges once.
 * The confirmation is published before the job completes, with a time-to-live: a real callback
 * can also arrive before the engine has recorded the completion, and the buffered message meets
 * the catch event as soon as it opens. Its message id makes a retried publication a no-op.
 */
export function paymentCharge(client: OspreyClient): JobHandler<PaymentChargeVariables, PaymentChargeResult> {
  return async (job) => {
    const { orderId, amount } = job.variables;
    if (typeof orderId !== 'string' || orderId === '') {
      return job.fail({
        retries: 0,
        message: `Expected orderId to be a non-empty string, but found ${JSON.stringify(orderId) ?? 'nothing'}`,
      });
    }
    if (typeof amount !== 'number' || !(amount > 0)) {
      return job.fail({
        retries: 0,
        message: `Expected amount (orderTotal) to be a positive number, but found ${JSON.stringify(amount) ?? 'nothing'}`,
      });
    }
    const currency = job.headers.currency ?? 'EUR';
    const paymentId = `pay_${createHash('sha256').update(`${orderId}:${amount}:${currency}`).digest('hex').slice(0, 16)}`;
    try {
      await client.publishMessage(
        {
          name: PAYMENT_CONFIRMED,
          correlationKey: orderId,
          variables: { paymentId, paymentStatus: 'CONFIRMED' },
          timeToLive: CONFIRMATION_TTL_MS,
          messageId: `${PAYMENT_CONFIRMED}:${paymentId}`,
        },
        { signal: job.signal },
      );
    } catch (error) {
      // 409: this payment was confirmed by an earlier attempt of the job.
      if (!(error instanceof OspreyApiError && error.status === 409)) throw error;
    }
    return { paymentId };
  };
}

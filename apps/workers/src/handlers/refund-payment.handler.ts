import { createHash } from 'node:crypto';
import type { JobHandler } from '@osprey/client';

/**
 * `refund-payment` undoes "Charge payment" (its compensation handler): it starts with the
 * variables the charge completed with — `orderId` and `amount` (its input mappings) — and sees
 * the `paymentId` the charge returned.
 */
export interface RefundPaymentVariables {
  readonly orderId?: string;
  readonly amount?: number;
  readonly paymentId?: string;
}

export interface RefundPaymentResult {
  readonly refundId: string;
  readonly refundedAmount: number;
  readonly refundedAt: string;
}

/**
 * Refunds the charged amount. The provider is simulated like the charge: the refund id derives
 * from the payment id, so a retried job refunds once. A refund without a payment id cannot be
 * made safely and becomes an incident for an operator.
 */
export const refundPayment: JobHandler<RefundPaymentVariables, RefundPaymentResult> = async (job) => {
  const { paymentId, amount } = job.variables;
  if (typeof paymentId !== 'string' || paymentId === '') {
    return job.fail({
      retries: 0,
      message: `Expected paymentId to name the charge to refund, but found ${JSON.stringify(paymentId) ?? 'nothing'}`,
    });
  }
  return {
    refundId: `ref_${createHash('sha256').update(paymentId).digest('hex').slice(0, 16)}`,
    refundedAmount: typeof amount === 'number' ? amount : 0,
    refundedAt: new Date().toISOString(),
  };
};

import { randomBytes } from 'node:crypto';
import { BpmnError, type JobHandler } from '@osprey/client';

/** `shipping` sees the process variables: the order and the inventory's verdict. */
export interface ShippingVariables {
  readonly orderId?: string;
  readonly inStock?: boolean;
}

export interface ShippingResult {
  readonly trackingId: string;
  readonly shippedAt: string;
}

/**
 * BPMN error caught by the "Shipping failed" boundary event: the payment is refunded, the stock
 * released and the order cancelled.
 */
export const SHIPPING_FAILED = 'SHIPPING_FAILED';

/** Ships the order and returns its tracking id; an order the inventory could not fill throws SHIPPING_FAILED. */
export const shipping: JobHandler<ShippingVariables, ShippingResult> = async (job) => {
  const { orderId, inStock } = job.variables;
  if (inStock === false) {
    throw new BpmnError(
      SHIPPING_FAILED,
      `Expected every item of order ${orderId ?? '?'} to be in stock, but the inventory check found some missing`,
    );
  }
  return {
    trackingId: `TRK-${randomBytes(5).toString('hex').toUpperCase()}`,
    shippedAt: new Date().toISOString(),
  };
};

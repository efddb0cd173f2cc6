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

/** BPMN error caught by the "Out of stock" boundary event: the order is cancelled. */
export const OUT_OF_STOCK = 'OUT_OF_STOCK';

/** Ships the order and returns its tracking id; an order the inventory could not fill throws OUT_OF_STOCK. */
export const shipping: JobHandler<ShippingVariables, ShippingResult> = async (job) => {
  const { orderId, inStock } = job.variables;
  if (inStock === false) {
    throw new BpmnError(
      OUT_OF_STOCK,
      `Expected every item of order ${orderId ?? '?'} to be in stock, but the inventory check found some missing`,
    );
  }
  return {
    trackingId: `TRK-${randomBytes(5).toString('hex').toUpperCase()}`,
    shippedAt: new Date().toISOString(),
  };
};

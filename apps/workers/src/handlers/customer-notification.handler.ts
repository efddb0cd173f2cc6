import type { JobHandler } from '@osprey/client';

/** `customer-notification` sees the order, its tracking id and where to write. */
export interface CustomerNotificationVariables {
  readonly orderId?: string;
  readonly trackingId?: string;
  readonly customerEmail?: string;
}

export interface CustomerNotificationResult {
  readonly notifiedAt: string;
  readonly notificationChannel: 'email' | 'none';
}

/** Where a notification goes; the example writes it to the log. */
export type Outbox = (message: { to: string; subject: string; body: string }) => Promise<void> | void;

/** Tells the customer the order has shipped (by email when the order names an address). */
export function customerNotification(
  send: Outbox,
): JobHandler<CustomerNotificationVariables, CustomerNotificationResult> {
  return async (job) => {
    const { orderId, trackingId, customerEmail } = job.variables;
    const notifiedAt = new Date().toISOString();
    if (!customerEmail) return { notifiedAt, notificationChannel: 'none' };
    await send({
      to: customerEmail,
      subject: `Your order ${orderId ?? ''} is on its way`,
      body: `Your order has shipped. Tracking number: ${trackingId ?? 'not yet known'}.`,
    });
    return { notifiedAt, notificationChannel: 'email' };
  };
}

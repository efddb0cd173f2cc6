import { createWorker, type OspreyClient, type StopOptions, type Worker } from '@osprey/client';
import type { Logger } from 'pino';
import { approvalEscalation } from './handlers/approval-escalation.handler';
import { customerNotification } from './handlers/customer-notification.handler';
import { inventoryCheck } from './handlers/inventory-check.handler';
import { paymentCharge } from './handlers/payment-charge.handler';
import { refundPayment } from './handlers/refund-payment.handler';
import { releaseStock } from './handlers/release-stock.handler';
import { shipping } from './handlers/shipping.handler';
import { jobLog } from './job-log';

/** What the order-fulfilment workers need. */
export interface OrderWorkersOptions {
  readonly client: OspreyClient;
  readonly logger: Logger;
  /** When given, customer notifications arrive over Kafka; otherwise every worker uses REST. @default REST only */
  readonly kafka?: { readonly brokers: readonly string[]; readonly topicPrefix?: string };
  /** Jobs per worker at once. @default 10 */
  readonly concurrency?: number;
}

/** The running workers of `processes/order-fulfilment.bpmn`. */
export interface OrderWorkers {
  readonly workers: readonly Worker[];
  /** Stops every worker, each draining for `drainMs`. */
  stop(options?: StopOptions): Promise<void>;
}

/**
 * Starts one worker per job type of the order-fulfilment process: `inventory-check`,
 * `payment-charge`, `shipping`, `customer-notification` (Kafka when configured),
 * `approval-escalation`, and the compensation handlers `refund-payment` and `release-stock`.
 * @throws when the Kafka brokers cannot be reached
 */
export async function startOrderWorkers(options: OrderWorkersOptions): Promise<OrderWorkers> {
  const { client, logger, kafka, concurrency } = options;
  const common = (type: string) => {
    const log = logger.child({ worker: type });
    return { client, concurrency, logger: log, metrics: jobLog(log) };
  };
  const notify = common('customer-notification');
  const workers: Worker[] = [
    createWorker({
      type: 'inventory-check',
      fetchVariables: ['items'],
      handler: inventoryCheck,
      ...common('inventory-check'),
    }),
    createWorker({
      type: 'payment-charge',
      fetchVariables: ['orderId', 'amount'],
      handler: paymentCharge(client),
      ...common('payment-charge'),
    }),
    createWorker({
      type: 'shipping',
      fetchVariables: ['orderId', 'inStock'],
      handler: shipping,
      ...common('shipping'),
    }),
    createWorker({
      type: 'customer-notification',
      fetchVariables: ['orderId', 'trackingId', 'customerEmail'],
      handler: customerNotification((mail) =>
        notify.logger.info({ to: mail.to, subject: mail.subject }, 'notification sent'),
      ),
      ...notify,
      ...(kafka ? { transport: 'kafka' as const, kafka } : {}),
    }),
    createWorker({
      type: 'approval-escalation',
      fetchVariables: ['orderId', 'orderTotal'],
      handler: approvalEscalation,
      ...common('approval-escalation'),
    }),
    createWorker({
      type: 'refund-payment',
      fetchVariables: ['orderId', 'amount', 'paymentId'],
      handler: refundPayment,
      ...common('refund-payment'),
    }),
    createWorker({
      type: 'release-stock',
      fetchVariables: ['reservationId'],
      handler: releaseStock,
      ...common('release-stock'),
    }),
  ];
  const started: Worker[] = [];
  try {
    for (const worker of workers) {
      await worker.start();
      started.push(worker);
    }
  } catch (error) {
    await Promise.all(started.map((w) => w.stop({ drainMs: 0 })));
    throw error;
  }
  logger.info(
    { engine: client.baseUrl, kafka: kafka ? kafka.brokers.join(',') : undefined },
    'order-fulfilment workers started',
  );
  return {
    workers,
    stop: async (stopOptions) => {
      await Promise.all(workers.map((w) => w.stop(stopOptions)));
    },
  };
}

/**
 * `@osprey/workers` — example job workers for `processes/order-fulfilment.bpmn`, written with
 * `@osprey/client`. `npm run workers` starts them all against `OSPREY_URL`; the handlers are
 * exported for reuse and tests.
 *
 * @example
 * ```ts
 * // node workers.mjs — with an engine on localhost:8080 and the process deployed (npm start -- --demo)
 * import { OspreyClient } from '@osprey/client';
 * import { startOrderWorkers } from '@osprey/workers';
 * import pino from 'pino';
 *
 * const client = new OspreyClient({ baseUrl: 'http://localhost:8080' });
 * const workers = await startOrderWorkers({ client, logger: pino() });
 * await client.startInstance({
 *   processDefinitionId: 'order-fulfilment',
 *   variables: { orderId: 'order-1', orderTotal: 80, items: ['pen'], customerEmail: 'ada@example.com' },
 * });
 * process.once('SIGINT', () => void workers.stop({ drainMs: 10_000 }));
 * ```
 */
export { startOrderWorkers, type OrderWorkers, type OrderWorkersOptions } from './order-workers';
export { loadWorkersConfig, WorkersConfigError, type WorkersConfig } from './workers-config';
export { jobLog } from './job-log';
export * from './handlers/inventory-check.handler';
export * from './handlers/payment-charge.handler';
export * from './handlers/shipping.handler';
export * from './handlers/customer-notification.handler';
export * from './handlers/approval-escalation.handler';
export * from './handlers/refund-payment.handler';
export * from './handlers/release-stock.handler';

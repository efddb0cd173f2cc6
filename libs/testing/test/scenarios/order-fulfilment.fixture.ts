/**
 * The order-fulfilment process, the example every Osprey layer is tested with: inventory and
 * payment in parallel, approval of large orders with a 48-hour escalation, a payment
 * confirmation message, and shipping with a fallback when no carrier is available.
 */
import { createProcess } from '../../src';

export const orderFulfilment = createProcess('order-fulfilment', { name: 'Order fulfilment' })
  .startEvent('orderPlaced')
  .parallelGateway('splitWork')
  .serviceTask('reserveInventory', {
    type: 'inventory',
    inputs: { sku: '=items[1].sku' },
    outputs: { reservationId: '=reservationId' },
  })
  .parallelGateway('joinWork')
  .exclusiveGateway('needsApproval')
  .condition('=orderTotal > 1000', 'largeOrder')
  .userTask('approveOrder', { name: 'Approve order', candidateGroups: 'sales', assignee: '=accountManager' })
  .exclusiveGateway('approvalDone')
  .intermediateCatchEvent('paymentConfirmed', {
    message: { name: 'payment-confirmed', correlationKey: '=orderId' },
  })
  .serviceTask('shipOrder', { type: 'shipping', retries: 2 })
  .endEvent('orderFulfilled')
  .moveTo('needsApproval')
  .defaultFlow('smallOrder')
  .connectTo('approvalDone')
  .moveTo('splitWork')
  .serviceTask('chargePayment', { type: 'payment', retries: '=paymentRetries' })
  .connectTo('joinWork')
  .boundaryEvent('approvalTimeout', { attachedTo: 'approveOrder', timer: { duration: 'PT48H' } })
  .serviceTask('escalateApproval', { type: 'escalation', headers: { level: 'director' } })
  .connectTo('approvalDone')
  .boundaryEvent('noCarrier', { attachedTo: 'shipOrder', error: 'NO_CARRIER' })
  .userTask('arrangeManualShipping', { candidateGroups: '=["logistics"]' })
  .endEvent('shippedManually')
  .build();

/**
 * The order-fulfilment process, the example every Osprey layer is tested with: inventory and
 * payment in parallel, approval of large orders with a 48-hour escalation, a payment
 * confirmation message, and shipping with a fallback when no carrier is available. It is a
 * saga: when shipping fails, the reservation is released and the payment refunded (each by the
 * compensation handler of its task, last done first) and the order is cancelled.
 */
import type { ProcessGraph } from '@osprey/bpmn';
import { createProcess } from '../../src';

/** The order-fulfilment graph, compiled from the XML the builder writes. */
export function orderFulfilment(): Promise<ProcessGraph> {
  return createProcess('order-fulfilment', { name: 'Order fulfilment' })
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
    .boundaryEvent('shippingFailed', { attachedTo: 'shipOrder', error: 'SHIPPING_FAILED' })
    .intermediateThrowEvent('undoOrder', { compensate: true })
    .endEvent('orderCancelled')
    .boundaryEvent('undoReservation', { attachedTo: 'reserveInventory', compensate: true })
    .serviceTask('releaseStock', { type: 'release-stock' })
    .boundaryEvent('undoPayment', { attachedTo: 'chargePayment', compensate: true })
    .serviceTask('refundPayment', { type: 'refund-payment' })
    .build();
}

import type { OrderFulfilmentInput, OrderSagaState } from './order-fulfilment-contract';
import { OrderSaga } from './order-saga';

/**
 * Order fulfilment as an orchestrated saga: place the order, (manual review above a threshold),
 * reserve stock for every line in parallel, authorize payment, schedule shipment, capture payment,
 * award loyalty points, confirm; dispatch after a cancel window. Each step's undo is registered
 * before the step runs. A permanent failure, or a cancel from any source at any point before
 * dispatch, undoes every registered step newest first and records the order's outcome.
 */
export async function orderFulfilmentSaga(input: OrderFulfilmentInput): Promise<OrderSagaState> {
  const saga = new OrderSaga(input);
  const { act, untilDone: undo, ctx } = saga;
  const reason = () => saga.state.cancellation ? `order cancelled: ${saga.state.cancellation.requestedReason}` : `order rejected: ${saga.state.outcomeReason ?? 'unknown'}`;
  const { customerId, lines, shippingAddress } = input;
  const totalCents = saga.state.totalCents;
  try {
    await saga.step('place-order', () => act.placeOrder({ ...ctx, customerId, lines, shippingAddress }));
    if (saga.needsReview) await saga.review();
    await saga.inParallel('reserve-stock:*', lines.map((line) => ({
      name: `reserve-stock:${line.sku}` as const,
      run: () => act.reserveStock({ ...ctx, sku: line.sku, quantity: line.quantity }),
      undo: () => undo.releaseStock({ ...ctx, sku: line.sku, reason: reason() }),
    })));
    await saga.step('authorize-payment', () => act.authorizePayment({ ...ctx, amountCents: totalCents, cardToken: input.payment.cardToken }), {
      undo: () => undo.voidPayment({ ...ctx, reason: reason() }),
    });
    await saga.step('schedule-shipment', () => act.scheduleShipment({ ...ctx, address: shippingAddress, items: lines.map(({ sku, quantity }) => ({ sku, quantity })) }), {
      undo: () => undo.cancelShipment({ ...ctx, reason: reason() }),
    });
    await saga.step('capture-payment', () => act.capturePayment(ctx), {
      undoOf: 'authorize-payment', undo: () => undo.refundPayment({ ...ctx, reason: reason() }),
    });
    await saga.step('award-loyalty-points', () => act.awardLoyaltyPoints({ ...ctx, customerId, totalCents }), {
      undo: () => undo.revokeLoyaltyPoints({ ...ctx, customerId, reason: reason() }),
    });
    await saga.step('confirm-order', () => act.confirmOrder(ctx));
    await saga.awaitPickup();
    await saga.dispatch(() => undo.dispatchShipment({ ...ctx, skus: lines.map((l) => l.sku) }));
  } catch (err) {
    await saga.stop(err);
  }
  return saga.finish();
}

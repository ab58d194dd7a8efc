import { CompensationStack } from '../../kernel/compensation-stack';
import { failureReason } from '../../kernel/failure-reason';
import type { OrderStep, TerminatedOrderCompensationInput, TerminatedOrderCompensationResult } from './order-fulfilment-contract';
import { untilDoneActivities } from './order-saga-activities';

/**
 * Undoes what a terminated order saga had started, as the saga would have: every compensation
 * newest first (each idempotent and correct when there is nothing to undo, so running it for a
 * step that never acted, or was undone already, is harmless), then order-cancelled. A
 * compensation that fails for good is recorded (order-compensation-failed) and reported; running
 * the operator command again retries it.
 */
export async function compensateTerminatedOrder(input: TerminatedOrderCompensationInput): Promise<TerminatedOrderCompensationResult> {
  const undo = untilDoneActivities(input.policy);
  const ctx = { orderId: input.orderId, correlationId: input.correlationId };
  const reason = `order cancelled: ${input.reason}`;
  const stack = new CompensationStack();
  const compensationOf = (step: OrderStep): (() => Promise<unknown>) | undefined => {
    if (step.startsWith('reserve-stock:')) return () => undo.releaseStock({ ...ctx, sku: step.slice('reserve-stock:'.length), reason });
    switch (step) {
      case 'authorize-payment':
      case 'capture-payment':
        return () => undo.refundPayment({ ...ctx, reason });
      case 'schedule-shipment':
        return () => undo.cancelShipment({ ...ctx, reason });
      case 'award-loyalty-points':
        return () => undo.revokeLoyaltyPoints({ ...ctx, customerId: input.customerId, reason });
      default:
        return undefined;
    }
  };
  for (const step of input.steps) {
    const compensation = compensationOf(step);
    // One undo per payment: capture changes how the authorization is undone, it adds nothing.
    if (compensation && !(step === 'capture-payment' && stack.has('authorize-payment'))) stack.register(step, compensation);
  }
  const { compensated, failed } = await stack.unwind(failureReason);
  let outcomeRecorded = false;
  const failures = [...failed];
  if (input.orderPlaced) {
    try {
      await undo.cancelOrder({ ...ctx, reason: input.reason });
      outcomeRecorded = true;
    } catch (err) {
      failures.push({ step: 'record-order-outcome', reason: failureReason(err) });
    }
  }
  if (failures.length > 0 && input.orderPlaced) await undo.recordCompensationFailure({ ...ctx, failures });
  return { compensated, failures, outcomeRecorded };
}

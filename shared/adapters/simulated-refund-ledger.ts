import { ProviderRejection } from '../domain/kernel/provider-errors';
import type { Capture, Refund } from '../domain/payments/payment-gateway';
import type { SimulatorDocument, SimulatorStore } from './simulated-provider';

/** `refund-slot:<captureId>:<n>`: the n-th partial refund of a capture, claimed by inserting it. */
interface RefundSlotDocument extends SimulatorDocument {
  readonly type: 'refund-slot';
  readonly captureId: string;
  readonly n: number;
  readonly refund: Refund;
  /** The idempotency record id of the call that took the slot. */
  readonly claimedBy: string;
}

const slotId = (captureId: string, n: number): string => `refund-slot:${captureId}:${n}`;

/**
 * The partial refunds of each capture, as a chain of slots: a refund walks the slots taken so far
 * (summing what was refunded), checks the remainder, and takes the next slot by inserting it. Two
 * refunds racing for one slot: the unique `_id` lets one win, the other walks on and checks again,
 * so the refunds of a capture never add up to more than was captured (FerretDB has no atomic
 * conditional update; an insert on a unique `_id` is its compare-and-set).
 */
export class RefundLedger {
  constructor(private readonly store: SimulatorStore) {}

  async refund(capture: Capture, amountCents: number, claimedBy: string, refundedAt: () => string, freshRefundId: () => Promise<string>): Promise<Refund> {
    if (!Number.isSafeInteger(amountCents) || amountCents < 1) {
      throw new ProviderRejection('payment-gateway', 'invalid-amount', 'The amount must be a positive number of cents');
    }
    let refunded = 0;
    for (let n = 1; ; n++) {
      const slot = await this.store.get<RefundSlotDocument>(slotId(capture.captureId, n));
      if (slot) {
        // A retry of a call that took its slot and then lost its answer gets that refund back.
        if (slot.claimedBy === claimedBy) return slot.refund;
        refunded += slot.refund.amountCents;
        continue;
      }
      const remainingCents = capture.amountCents - refunded;
      if (amountCents > remainingCents) {
        throw new ProviderRejection('payment-gateway', 'refund-exceeds-capture', `Only ${remainingCents} cents of capture ${capture.captureId} are left to refund`, {
          captureId: capture.captureId,
          remainingCents,
        });
      }
      const refund: Refund = { refundId: await freshRefundId(), captureId: capture.captureId, amountCents, currency: capture.currency, refundedAt: refundedAt() };
      const slotDoc: RefundSlotDocument = { _id: slotId(capture.captureId, n), type: 'refund-slot', captureId: capture.captureId, n, refund, claimedBy };
      const taken = await this.store.insertOnce(slotDoc);
      if (taken) return refund;
      n -= 1; // another refund took slot n first: read it, count it, try the next one
    }
  }
}

import type { OrderStep } from '../workflows/ordering/order-fulfilment/order-fulfilment-contract';

/** A history event as `temporal workflow show --output json` and historyToJSON write it (only the fields read here). */
export interface HistoryEventJson {
  readonly eventId: string;
  readonly activityTaskScheduledEventAttributes?: { readonly activityType: { readonly name: string } };
  readonly activityTaskCompletedEventAttributes?: { readonly scheduledEventId: string };
}

export interface TerminatedSagaPlan {
  /** Steps the saga had started, in order: each may have acted, so each is undone. */
  readonly steps: readonly OrderStep[];
  readonly orderPlaced: boolean;
  /** The parcel left: the order stands, nothing is undone. */
  readonly dispatched: boolean;
}

const STEP_OF_ACTIVITY: Readonly<Record<string, OrderStep | 'reserve-stock'>> = {
  placeOrder: 'place-order',
  reserveStock: 'reserve-stock',
  authorizePayment: 'authorize-payment',
  scheduleShipment: 'schedule-shipment',
  capturePayment: 'capture-payment',
  awardLoyaltyPoints: 'award-loyalty-points',
  confirmOrder: 'confirm-order',
  dispatchShipment: 'dispatch-shipment',
};

/**
 * What a saga that was stopped from outside (terminated: no code ran, nothing was undone) had
 * started, read from its event history: a forward step counts once its activity was scheduled,
 * whatever came of it, since a step can act and never report back. Reservations run for every
 * line of the order at once, so a scheduled reservation stands for all of `skus`.
 */
export function planFromHistory(events: readonly HistoryEventJson[], skus: readonly string[]): TerminatedSagaPlan {
  const scheduled = new Map<string, string>();
  const completed = new Set<string>();
  const steps: OrderStep[] = [];
  for (const event of events) {
    const activity = event.activityTaskScheduledEventAttributes?.activityType.name;
    if (activity) {
      scheduled.set(event.eventId, activity);
      const step = STEP_OF_ACTIVITY[activity];
      if (step === 'reserve-stock') {
        for (const sku of skus) if (!steps.includes(`reserve-stock:${sku}`)) steps.push(`reserve-stock:${sku}`);
      } else if (step && !steps.includes(step)) {
        steps.push(step);
      }
    }
    const done = event.activityTaskCompletedEventAttributes?.scheduledEventId;
    if (done) completed.add(scheduled.get(done) ?? '');
  }
  return { steps, orderPlaced: completed.has('placeOrder'), dispatched: completed.has('dispatchShipment') };
}

/** The started steps that have a compensation, newest first: what the repair undoes. */
export function undoOrder(plan: TerminatedSagaPlan): readonly OrderStep[] {
  return [...plan.steps].reverse().filter((s) => s.startsWith('reserve-stock:') || ['authorize-payment', 'schedule-shipment', 'capture-payment', 'award-loyalty-points'].includes(s));
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFromHistory, undoOrder, type HistoryEventJson } from '../../../scripts/terminated-saga-plan';

const history = (name: string) =>
  (JSON.parse(readFileSync(new URL(`../../replay/histories/order-fulfilment/${name}.json`, import.meta.url), 'utf8')) as { events: HistoryEventJson[] }).events;

describe("planning the compensations of a saga stopped from outside, from its event history", () => {
  it('counts every forward step whose activity was scheduled, reservations for every line', () => {
    const events = history('temporal-cancel-in-dispatch-window');
    const confirmed = events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType.name === 'confirmOrder');
    // As if the saga had been terminated right after scheduling its confirmation.
    expect(planFromHistory(events.slice(0, confirmed + 1), ['SKU-E', 'SKU-X'])).toEqual({
      steps: ['place-order', 'reserve-stock:SKU-E', 'reserve-stock:SKU-X', 'authorize-payment', 'schedule-shipment', 'capture-payment', 'award-loyalty-points', 'confirm-order'],
      orderPlaced: true,
      dispatched: false,
    });
    expect(undoOrder(planFromHistory(events.slice(0, confirmed + 1), ['SKU-E']))).toEqual(['award-loyalty-points', 'capture-payment', 'schedule-shipment', 'authorize-payment', 'reserve-stock:SKU-E']);
  });

  it('counts a step that never reported back (scheduled, not completed)', () => {
    const events = history('happy-path');
    const authorize = events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType.name === 'authorizePayment');
    expect(planFromHistory(events.slice(0, authorize + 1), ['SKU-A']).steps.at(-1)).toBe('authorize-payment');
  });

  it('sees a dispatched order and an order never placed', () => {
    expect(planFromHistory(history('happy-path'), ['SKU-A']).dispatched).toBe(true);
    const events = history('happy-path');
    const place = events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType.name === 'placeOrder');
    expect(planFromHistory(events.slice(0, place + 1), ['SKU-A'])).toEqual({ steps: ['place-order'], orderPlaced: false, dispatched: false });
  });
});

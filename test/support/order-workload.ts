import type { AppendOptions, ExpectedVersion, NewEvent } from '../../shared/platform/event-store';

/** What the workload appends through: the EventStore, or a bulk loader writing the same commits. */
export interface EventAppender {
  append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[], options: AppendOptions): Promise<{ lastVersion: number }>;
}

const STATES = ['NY', 'AZ', 'CA', 'TX'] as const;
const LAST_NAMES = ['Hopper', 'Lovelace', 'Turing', 'Liskov', 'Hamilton', 'Knuth', 'Dijkstra', 'Allen'];
const address = (state: string) => ({ name: 'Test Buyer', line1: '1 Main St', city: 'Springfield', state, zip: '10001' });

export interface WorkloadOptions {
  readonly writer: number;
  /** Stop once this many events are appended. */
  readonly events: number;
  /** Order customers are drawn from a pool shared by all writers (so their lists get concurrent updates). */
  readonly sharedCustomers: number;
  /** SKUs shared by all writers (concurrent appends to the same stock streams). */
  readonly sharedSkus: number;
}

/** The lead events of a sales journey, one per call, in the order a lead goes through them. */
function leadStep(leadId: string, step: number, outcome: number): NewEvent | undefined {
  const at = { 'lead-id': leadId, timestamp: new Date().toISOString() };
  switch (step) {
    case 0: return { type: 'lead-initialized', payload: { ...at, 'first-name': 'Lee', 'last-name': `W${leadId}`, 'phone-number': '+14155550100' } };
    case 1: return { type: 'contacted', payload: at };
    case 2: return { type: 'followup-set', payload: { ...at, 'followup-on': new Date(Date.now() + 86_400_000).toISOString() } };
    case 3: return { type: 'contacted', payload: at };
    case 4: return outcome % 3 === 0 ? { type: 'lead-closed', payload: { ...at, reason: 'not interested' } } : { type: 'order-submitted', payload: { ...at, 'payment-deadline': new Date(Date.now() + 3 * 86_400_000).toISOString() } };
    case 5: return outcome % 3 === 0 ? undefined : outcome % 3 === 1 ? { type: 'payment-confirmed', payload: { ...at, status: 'converted' } } : { type: 'payment-failed', payload: { ...at, status: 'payment-failed', reason: 'card-declined' } };
    default: return undefined;
  }
}

/**
 * One writer of domain events, straight into the event store (no sagas): orders that are
 * confirmed, dispatched, rejected, reviewed or cancelled after confirmation, with their stock,
 * payment, shipment and points events, returns of dispatched orders (every participant's
 * reaction, correlated by the return's id), CRM customer updates in both ECST forms, and sales
 * leads going through their journey. Streams of its own orders, returns and leads are appended at
 * their exact version; shared ones (stock, points) with 'any'. Returns the number of events appended.
 */
export async function runOrderWorkload(store: EventAppender, o: WorkloadOptions): Promise<number> {
  let appended = 0;
  const versions = new Map<string, number>();
  const append = async (streamId: string, events: NewEvent[], shared = false, correlationId = `writer-${o.writer}`) => {
    if (appended >= o.events) return;
    const batch = events.slice(0, o.events - appended);
    const expected = shared ? 'any' : (versions.get(streamId) ?? 0);
    const result = await store.append(streamId, expected, batch, { correlationId });
    versions.set(streamId, result.lastVersion);
    appended += batch.length;
  };

  /** A return of one unit of a dispatched order, every participant's events under the return's id as correlation id (choreography). */
  const returnOne = async (orderId: string, customerId: string, sku: string, unitPriceCents: number) => {
    const returnId = `ret_${orderId}`;
    const lines = [{ sku, quantity: 1 }];
    const ids = { returnId, orderId };
    const as = (streamId: string, events: NewEvent[]) => append(streamId, events, false, returnId);
    await as(`order-returns-${orderId}`, [{ type: 'return-requested', payload: { ...ids, customerId, lines: [{ sku, quantity: 1, unitPriceCents, refundCents: unitPriceCents }], refundCents: unitPriceCents, currency: 'USD', reason: 'no-longer-needed', dispatchedAt: '2026-01-02T00:00:00.000Z', orderUnits: 1 } }]);
    await as(`return-shipment-${returnId}`, [{ type: 'return-label-issued', payload: { ...ids, lines, statedReason: 'no-longer-needed', carrier: 'sim', trackingId: `rtn_${orderId}`, expectedBy: '2026-01-09T00:00:00.000Z' } }]);
    await as(`return-shipment-${returnId}`, [{ type: 'return-parcel-received', payload: { ...ids, lines, trackingId: `rtn_${orderId}`, condition: 'resellable', receivedAt: '2026-01-05T00:00:00.000Z', scannedBy: 'carrier' } }]);
    await as(`return-refund-${returnId}`, [{ type: 'return-refunded', payload: { ...ids, customerId, amountCents: unitPriceCents, currency: 'USD', refundId: `rref_${orderId}` } }]);
    await as(`inventory-return-${returnId}`, [{ type: 'return-restocked', payload: { ...ids, lines } }]);
    await as(`loyalty-return-${returnId}`, [{ type: 'return-points-revoked', payload: { ...ids, customerId, points: Math.floor(unitPriceCents / 100) } }]);
    await as(`order-returns-${orderId}`, [
      { type: 'return-refund-recorded', payload: { ...ids, refundId: `rref_${orderId}`, amountCents: unitPriceCents } },
      { type: 'return-stock-recorded', payload: { ...ids, disposition: 'restocked' } },
      { type: 'return-completed', payload: { ...ids, refundedCents: unitPriceCents, currency: 'USD', disposition: 'restocked', orderFullyReturned: false } },
    ]);
  };

  for (let i = 0; appended < o.events; i += 1) {
    const orderId = `w${o.writer}_o${i}`;
    const customerId = `cus_${(o.writer * 5 + i) % o.sharedCustomers}`;
    const sku = `SKU-${(o.writer + i) % o.sharedSkus}`;
    const state = STATES[(o.writer + i * 3) % STATES.length] as string;
    const quantity = 1 + (i % 3);
    const unitPriceCents = 1_000 + ((o.writer * 37 + i * 113) % 9_000);
    const totalCents = quantity * unitPriceCents;
    const order = `order-${orderId}`;
    const stock = `stock-${sku}`;
    const payment = `payment-${orderId}`;
    const shipment = `shipment-${orderId}`;
    const points = `points-${customerId}`;
    const money = { amountCents: totalCents, currency: 'USD' as const };

    if (i % 2 === 1) {
      const leadId = `w${o.writer}_l${Math.floor(i / 12)}`;
      const event = leadStep(leadId, Math.floor(i / 2) % 6, Math.floor(i / 12) + o.writer);
      if (event) await append(`lead-${leadId}`, [event]);
    }
    if (i % 4 === 0) await append(stock, [{ type: 'stock-received', payload: { sku, quantity: 20, availableAfter: 0 } }], true);
    await append(order, [{
      type: 'order-placed',
      payload: { orderId, customerId, lines: [{ sku, quantity, unitPriceCents, lineTotalCents: totalCents }], shippingAddress: address(state), totalCents, currency: 'USD' },
    }]);
    if (i % 6 === 2) {
      await append(order, [
        { type: 'order-review-requested', payload: { orderId, totalCents, reason: 'large order' } },
        { type: 'order-review-approved', payload: { orderId, reviewer: 'reviewer@example.com' } },
      ]);
    }
    if (i % 9 === 4) {
      await append(stock, [{ type: 'stock-reservation-failed', payload: { sku, orderId, requested: quantity, available: 0 } }], true);
      await append(order, [{ type: 'order-rejected', payload: { orderId, reason: 'insufficient-stock', source: 'fulfilment' } }]);
      continue;
    }
    await append(stock, [{ type: 'stock-reserved', payload: { sku, orderId, quantity, availableAfter: 0 } }], true);
    await append(payment, [{ type: 'payment-authorized', payload: { orderId, ...money, authorizationId: `auth_${orderId}`, cardLast4: '4242' } }]);
    if (i % 6 === 0) {
      await append(payment, [{ type: 'payment-voided', payload: { orderId, ...money, authorizationId: `auth_${orderId}`, reason: 'rejected' } }]);
      await append(stock, [{ type: 'stock-released', payload: { sku, orderId, quantity, reason: 'rejected', availableAfter: 0 } }], true);
      await append(order, [{ type: 'order-rejected', payload: { orderId, reason: 'card-declined', source: 'fulfilment' } }]);
      continue;
    }
    await append(shipment, [{ type: 'shipment-scheduled', payload: { orderId, address: address(state), carrier: 'sim', trackingId: `trk_${orderId}`, estimatedDeliveryDate: '2026-02-01' } }]);
    await append(payment, [{ type: 'payment-captured', payload: { orderId, ...money, authorizationId: `auth_${orderId}`, captureId: `cap_${orderId}` } }]);
    await append(points, [{ type: 'points-awarded', payload: { customerId, orderId, points: Math.floor(totalCents / 100), balanceAfter: 0 } }], true);
    await append(order, [{ type: 'order-confirmed', payload: { orderId, customerId, totalCents, currency: 'USD' } }]);
    if (i % 5 === 1) {
      await append(order, [{ type: 'order-cancelled', payload: { orderId, reason: 'changed my mind' } }]);
      await append(points, [{ type: 'points-revoked', payload: { customerId, orderId, points: Math.floor(totalCents / 100), reason: 'cancelled', balanceAfter: 0 } }], true);
      await append(shipment, [{ type: 'shipment-cancelled', payload: { orderId, carrier: 'sim', trackingId: `trk_${orderId}`, reason: 'cancelled' } }]);
      await append(payment, [{ type: 'payment-refunded', payload: { orderId, ...money, captureId: `cap_${orderId}`, refundId: `ref_${orderId}`, reason: 'cancelled' } }]);
      await append(stock, [{ type: 'stock-released', payload: { sku, orderId, quantity, reason: 'cancelled', availableAfter: 0 } }], true);
    } else if (i % 2 === 0) {
      await append(shipment, [{ type: 'shipment-dispatched', payload: { orderId, carrier: 'sim', trackingId: `trk_${orderId}`, dispatchedAt: '2026-01-02T00:00:00Z' } }]);
      await append(stock, [{ type: 'stock-reservation-committed', payload: { sku, orderId, quantity, onHandAfter: 0 } }], true);
      if (i % 8 === 0) await returnOne(orderId, customerId, sku, unitPriceCents);
    }
    if (i % 4 === 3) {
      const crm = `customer-c${o.writer}_${i % 3}`;
      const customerKey = `c${o.writer}_${i % 3}`;
      const known = versions.has(crm);
      await append(crm, [known
        ? { type: 'customer-updated', payload: { form: 'changed-fields', customerId: customerKey, changes: { marketingOptIn: i % 8 === 3, ...(i % 3 === 0 ? { phone: null } : { phone: `+1415555${String(1000 + i).slice(-4)}` }) } } }
        : { type: 'customer-updated', payload: { form: 'full', customerId: customerKey, customer: { name: { firstName: 'Writer', lastName: LAST_NAMES[o.writer % LAST_NAMES.length] as string }, email: `w${o.writer}@example.com`, marketingOptIn: false } } }]);
    }
  }
  return appended;
}

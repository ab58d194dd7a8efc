import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stockReservationChangedV1 } from '../../../shared/domain/inventory/messages/stock-reservation-changed';
import { stockLevelChangedV1 } from '../../../shared/domain/inventory/messages/stock-level-changed';
import { orderPointsChangedV1 } from '../../../shared/domain/loyalty/messages/order-points-changed';
import { paymentStatusChangedV1 } from '../../../shared/domain/payments/messages/payment-status-changed';
import { shipmentStatusChangedV1 } from '../../../shared/domain/shipping/messages/shipment-status-changed';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { HistoryNotAvailableError, MessageConsumer } from '../../../shared/platform/messaging/message-consumer';
import { defineMessage } from '../../../shared/platform/messaging/message-definition';
import { ContractViolationError } from '../../../shared/platform/messaging/message-translator';

const stored = (streamId: string, version: number, type: string, payload: object): EventEnvelope => ({
  eventId: `${streamId}-${version}`, streamId, version, type, payload, correlationId: 'corr-1', causationId: 'cmd-1',
  timestamp: new Date('2026-01-01T00:00:00Z'), schemaVersion: 1,
});

const consumer = new MessageConsumer([paymentStatusChangedV1, shipmentStatusChangedV1, stockReservationChangedV1, orderPointsChangedV1]);

describe('a view consuming other contexts through their public messages', () => {
  it('gets the contract payload in the stored event\'s stream and version, never the stored payload', async () => {
    const [message] = await consumer.translate(stored('payment-o1', 2, 'payment-captured', { orderId: 'o1', amountCents: 2_500, currency: 'USD', authorizationId: 'auth_1', captureId: 'cap_1' }));
    expect(message).toMatchObject({ type: 'payments.payment-status-changed', kind: 'state-transfer', schemaVersion: 1, streamId: 'payment-o1', version: 2, causationId: 'payment-o1-2' });
    expect(message?.payload).toStrictEqual({ orderId: 'o1', status: 'captured', amount: { amountCents: 2_500, currency: 'USD' }, captureId: 'cap_1' });
  });

  it('leaves out what the contracts leave out: the card, the delivery address, the customer', async () => {
    const address = { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' };
    const payloads = (await Promise.all([
      consumer.translate(stored('payment-o1', 1, 'payment-authorized', { orderId: 'o1', amount: { amountCents: 2_500, currency: 'USD' }, authorizationId: 'auth_1', cardLast4: '4242' })),
      consumer.translate(stored('shipment-o1', 1, 'shipment-scheduled', { orderId: 'o1', address, carrier: 'sim', trackingId: 'trk_1', estimatedDeliveryDate: '2026-01-05' })),
      consumer.translate(stored('points-cus_1', 4, 'points-awarded', { customerId: 'cus_1', orderId: 'o1', points: 25, balanceAfter: 90 })),
      consumer.translate(stored('stock-TEE', 9, 'stock-reservation-failed', { sku: 'TEE', orderId: 'o1', requested: 3, available: 1 })),
    ])).flat().map((m) => m.payload);
    expect(payloads).toStrictEqual([
      { orderId: 'o1', status: 'authorized', amount: { amountCents: 2_500, currency: 'USD' }, authorizationId: 'auth_1' },
      { orderId: 'o1', status: 'scheduled', carrier: 'sim', trackingId: 'trk_1', estimatedDeliveryDate: '2026-01-05' },
      { orderId: 'o1', status: 'awarded', points: 25 },
      { orderId: 'o1', sku: 'TEE', status: 'failed', quantity: 3, available: 1 },
    ]);
  });

  it('hands over the stored types its messages derive from, and nothing for others', async () => {
    expect(consumer.storedTypes).toContain('stock-released');
    expect(consumer.storedTypes).not.toContain('stock-received');
    expect(await consumer.translate(stored('stock-TEE', 1, 'stock-received', { sku: 'TEE', quantity: 5, availableAfter: 5 }))).toEqual([]);
  });

  it('refuses a payload its contract refuses, and a message whose mapping reads the stream', async () => {
    await expect(consumer.translate(stored('payment-o1', 1, 'payment-voided', { orderId: 'o1', amountCents: -1, currency: 'USD', authorizationId: 'a', reason: 'x' })))
      .rejects.toBeInstanceOf(ContractViolationError);
    await expect(new MessageConsumer([stockLevelChangedV1]).translate(stored('stock-TEE', 1, 'stock-received', { sku: 'TEE', quantity: 5, availableAfter: 5 })))
      .rejects.toBeInstanceOf(HistoryNotAvailableError);
    const loose = defineMessage<{ type: 'x-happened'; payload: { id: string } }, z.ZodType>({
      type: 'test.x-happened', version: 1, context: 'test', kind: 'domain-event', description: 'd', why: 'w',
      schema: z.object({ id: z.string() }), derivedFrom: ['x-happened'], translate: () => null,
    });
    expect(await new MessageConsumer([loose]).translate(stored('x-1', 1, 'x-happened', { id: '1' }))).toEqual([]);
  });
});

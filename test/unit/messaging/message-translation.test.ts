import { describe, expect, it } from 'vitest';
import { publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { ContractViolationError, MessageTranslator } from '../../../shared/platform/messaging/message-translator';
import { MessageCatalogue } from '../../../shared/platform/messaging/message-catalogue';
import { defineMessage } from '../../../shared/platform/messaging/message-definition';
import { toPublicWire } from '../../../shared/platform/messaging/public-message';
import { z } from 'zod';

const streams = new Map<string, EventEnvelope[]>();
let n = 0;
function stored(streamId: string, type: string, payload: unknown): EventEnvelope {
  const list = streams.get(streamId) ?? [];
  const e: EventEnvelope = {
    type, eventId: `evt-${++n}`, correlationId: 'corr-1', causationId: 'cmd-1', streamId, version: list.length + 1,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)), schemaVersion: 1, payload,
  };
  streams.set(streamId, [...list, e]);
  return e;
}
const history = { readStreamAfterBoundary: async (s: string, after: number) => (streams.get(s) ?? []).filter((e) => e.version > after) };
const translator = new MessageTranslator(publicMessageCatalogue, history);
const all = publicMessageCatalogue.definitions.map((d) => ({ type: d.type, version: d.version }));
const address = { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' };
const NOW = new Date('2026-06-01T00:00:00Z');

describe('translation of stored events into public messages', () => {
  const placed = stored('order-o1', 'order-placed', {
    orderId: 'o1', customerId: 'cus_1', lines: [{ sku: 'WIDGET', quantity: 2, unitPriceCents: 1999, lineTotalCents: 3998 }],
    shippingAddress: address, totalCents: 3998, currency: 'USD',
  });
  const confirmed = stored('order-o1', 'order-confirmed', { orderId: 'o1', customerId: 'cus_1', totalCents: 3998, currency: 'USD' });

  it('turns order-placed into a thin notification with a link and nothing personal', async () => {
    const [message, ...more] = await translator.translate(placed, all, NOW);
    expect(more).toEqual([]);
    const wire = toPublicWire(message!);
    expect(wire).toMatchObject({
      type: 'ordering.order-status-changed', kind: 'notification', 'schema-version': 1, 'stream-id': 'order-o1', version: 1,
      'correlation-id': 'corr-1', 'causation-id': placed.eventId, payload: { orderId: 'o1', change: 'placed', link: '/orders/o1' },
    });
    expect(JSON.stringify(wire)).not.toMatch(/Ada|Market|94103|cus_1/);
  });

  it('turns order-confirmed into the notification and the domain event, which reads the order lines from history', async () => {
    const messages = await translator.translate(confirmed, all, NOW);
    expect(messages.map((m) => m.type).sort()).toEqual(['ordering.order-confirmed', 'ordering.order-status-changed']);
    expect(messages.find((m) => m.kind === 'domain-event')?.payload).toEqual({
      orderId: 'o1', customerId: 'cus_1', total: { amountCents: 3998, currency: 'USD' },
      lines: [{ sku: 'WIDGET', quantity: 2, unitPrice: { amountCents: 1999, currency: 'USD' } }], shipToState: 'CA', confirmedAt: confirmed.timestamp.toISOString(),
    });
  });

  it('publishes only what a selection names, and nothing for unmapped stored events', async () => {
    expect(await translator.translate(confirmed, [{ type: 'ordering.order-status-changed', version: 1 }], NOW)).toHaveLength(1);
    const reviewed = stored('order-o1', 'order-review-approved', { orderId: 'o1', reviewer: 'rita' });
    expect(await translator.translate(reviewed, [{ type: 'ordering.order-confirmed', version: 1 }], NOW)).toEqual([]);
    expect(translator.storedTypesOf([{ type: 'ordering.order-confirmed', version: 1 }])).toEqual(new Set(['order-confirmed']));
    const contacted = stored('lead-1', 'contacted', { 'lead-id': '1', timestamp: '2026-01-01T00:00:00Z' });
    expect(await translator.translate(contacted, all, NOW)).toEqual([]);
  });

  it('publishes both versions of payment-authorized until v1 retires, with distinct stable ids', async () => {
    const authorized = stored('payment-o1', 'payment-authorized', { orderId: 'o1', amount: { amountCents: 3998, currency: 'USD' }, authorizationId: 'auth_1', cardLast4: '4242' });
    const both = all.filter((s) => s.type === 'payments.payment-authorized');
    const messages = await translator.translate(authorized, both, NOW);
    expect(messages.map((m) => [m.schemaVersion, m.payload])).toEqual([
      [1, { orderId: 'o1', amountCents: 3998, currency: 'USD', authorizationId: 'auth_1' }],
      [2, { orderId: 'o1', amount: { amountCents: 3998, currency: 'USD' }, authorizationId: 'auth_1' }],
    ]);
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(2);
    expect((await translator.translate(authorized, both, NOW)).map((m) => m.messageId)).toEqual(messages.map((m) => m.messageId));
    expect((await translator.translate(authorized, both, new Date('2027-07-01T00:00:00Z'))).map((m) => m.schemaVersion)).toEqual([2]);
  });

  it('carries the whole stock level (state transfer, full) after each stock event', async () => {
    stored('stock-WIDGET', 'stock-received', { sku: 'WIDGET', quantity: 10, availableAfter: 10 });
    const reserved = stored('stock-WIDGET', 'stock-reserved', { sku: 'WIDGET', orderId: 'o1', quantity: 3, availableAfter: 7 });
    const [message] = await translator.translate(reserved, all, NOW);
    expect(message).toMatchObject({ type: 'inventory.stock-level-changed', kind: 'state-transfer', version: 2, payload: { sku: 'WIDGET', onHand: 10, reserved: 3, available: 7 } });
  });

  it('carries only the changed customer fields (state transfer, delta), also for a full update', async () => {
    const profile = { name: { firstName: 'Ada', lastName: 'Lovelace' }, email: 'ada@example.com', marketingOptIn: false };
    const first = stored('customer-cus_1', 'customer-updated', { form: 'full', customerId: 'cus_1', customer: profile });
    const second = stored('customer-cus_1', 'customer-updated', { form: 'full', customerId: 'cus_1', customer: { ...profile, marketingOptIn: true } });
    const third = stored('customer-cus_1', 'customer-updated', { form: 'changed-fields', customerId: 'cus_1', changes: { phone: null } });
    const payloads = await Promise.all([first, second, third].map(async (e) => (await translator.translate(e, all, NOW))[0]?.payload));
    expect(payloads).toEqual([
      { customerId: 'cus_1', changes: profile },
      { customerId: 'cus_1', changes: { marketingOptIn: true } },
      { customerId: 'cus_1', changes: { phone: null } },
    ]);
  });

  it('turns followup-due into a notification linking the lead, without its name or phone', async () => {
    stored('lead-12', 'lead-initialized', { 'lead-id': '12', timestamp: '2026-01-01T00:00:00.000Z', 'first-name': 'Mark', 'last-name': 'David', 'phone-number': '+14155552951' });
    const due = stored('lead-12', 'followup-due', { 'lead-id': '12', timestamp: '2026-01-02T00:00:00.000Z', 'followup-on': '2026-01-02T00:00:00.000Z' });
    const [message, ...more] = await translator.translate(due, all, NOW);
    expect(more).toEqual([]);
    expect(message).toMatchObject({ type: 'crm.lead-followup-due', kind: 'notification', payload: { leadId: '12', followupOn: '2026-01-02T00:00:00.000Z', link: '/leads/12' } });
    expect(JSON.stringify(message)).not.toMatch(/Mark|David|4155552951/);
  });

  it('refuses to publish a payload its own contract refuses', async () => {
    const broken = new MessageCatalogue([
      defineMessage<{ type: 'thing-happened'; payload: { id: string } }, z.ZodType>({
        type: 'things.thing-happened', version: 1, context: 'things', kind: 'domain-event', description: 'd', why: 'w',
        schema: z.object({ id: z.string().min(5) }), derivedFrom: ['thing-happened'], translate: (e) => ({ id: e.payload.id }),
      }),
    ]);
    const event = stored('thing-1', 'thing-happened', { id: 'x' });
    await expect(new MessageTranslator(broken, history).translate(event, [{ type: 'things.thing-happened', version: 1 }])).rejects.toThrow(ContractViolationError);
  });
});

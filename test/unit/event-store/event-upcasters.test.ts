import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { EventUpcasters, UpcasterConflictError } from '../../../shared/platform/event-store/event-upcasters';
import { storedEventUpcasters } from '../../../shared/platform/event-store/event-upcasters';
import { upcastPaymentAuthorizedV1 } from '../../../shared/domain/payments/payment/payment-events';

const envelope = (type: string, schemaVersion: number, payload: unknown): EventEnvelope => ({
  type, eventId: 'e-1', correlationId: 'c-1', causationId: 'c-1', streamId: 's-1', version: 1, timestamp: new Date(0), schemaVersion, payload,
});

describe('event upcasters', () => {
  it('brings an old payload through every step to the current version', () => {
    const upcasters = new EventUpcasters();
    upcasters.register('thing-happened', 1, (p) => ({ ...(p as object), b: 2 }));
    upcasters.register('thing-happened', 2, (p) => ({ ...(p as object), c: 3 }));
    expect(upcasters.currentVersion('thing-happened')).toBe(3);
    expect(upcasters.upcast(envelope('thing-happened', 1, { a: 1 }))).toMatchObject({ schemaVersion: 3, payload: { a: 1, b: 2, c: 3 } });
    expect(upcasters.upcast(envelope('thing-happened', 2, { a: 1 }))).toMatchObject({ schemaVersion: 3, payload: { a: 1, c: 3 } });
  });

  it('leaves current, unknown and newer events as they are', () => {
    const upcasters = new EventUpcasters();
    upcasters.register('thing-happened', 1, () => ({ changed: true }));
    const current = envelope('thing-happened', 2, { a: 1 });
    const newer = envelope('thing-happened', 7, { a: 1 });
    const other = envelope('other-happened', 1, { a: 1 });
    expect(upcasters.upcast(current)).toBe(current);
    expect(upcasters.upcast(newer)).toBe(newer);
    expect(upcasters.upcast(other)).toBe(other);
    expect(upcasters.currentVersion('other-happened')).toBe(1);
  });

  it('refuses a second, different upcaster for the same step', () => {
    const upcasters = new EventUpcasters();
    const step = (p: unknown) => p;
    upcasters.register('thing-happened', 1, step);
    upcasters.register('thing-happened', 1, step);
    expect(() => upcasters.register('thing-happened', 1, (p) => p)).toThrow(UpcasterConflictError);
    expect(() => upcasters.register('thing-happened', 0, step)).toThrow(RangeError);
  });

  it('payment-authorized v1 (amountCents + currency) becomes v2 (amount: Money) once the payments context is loaded', () => {
    const v1 = { orderId: 'o-1', amountCents: 2500, currency: 'USD', authorizationId: 'auth_1', cardLast4: '4242' };
    expect(upcastPaymentAuthorizedV1(v1)).toEqual({ orderId: 'o-1', amount: { amountCents: 2500, currency: 'USD' }, authorizationId: 'auth_1', cardLast4: '4242' });
    expect(storedEventUpcasters.currentVersion('payment-authorized')).toBe(2);
    expect(storedEventUpcasters.upcast(envelope('payment-authorized', 1, v1)).payload).toEqual(upcastPaymentAuthorizedV1(v1));
  });
});

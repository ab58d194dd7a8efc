import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import { InvalidEventError } from '../../../shared/platform/event-store/event-store-errors';
import type { NewEvent } from '../../../shared/platform/event-store/event-validation';
import { useTestDatabase } from '../../support/mongo';

const { db } = await useTestDatabase('es_invalid');
const store = new EventStore(db, { limits: { maxEventBytes: 4 * 1024, maxCommitBytes: 16 * 1024 } });
const opts = { correlationId: 'c' };

async function nothingWritten(): Promise<void> {
  for (const name of ['event_commits', 'event_streams', 'event_idempotency', 'outbox_pending']) {
    expect(await db.collection(name).countDocuments({})).toBe(0);
  }
}

async function refused(attempt: Promise<unknown>, message: string | RegExp): Promise<void> {
  const err = await attempt.then(
    () => new Error('the append was accepted'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvalidEventError);
  expect((err as Error).message).toMatch(message);
  await nothingWritten();
}

describe('refused input writes nothing', () => {
  it('empty event list', async () => {
    await refused(store.append('order-1', 'any', [], opts), 'at least one event');
  });

  it('oversized event and oversized commit', async () => {
    await refused(store.append('order-1', 'any', [{ type: 'order-placed', payload: { blob: 'x'.repeat(5_000) } }], opts), /per event/);
    const big = { type: 'order-placed', payload: { blob: 'x'.repeat(3_000) } };
    await refused(store.append('order-1', 'any', Array.from({ length: 6 }, () => big), opts), /per append/);
  });

  it('unknown envelope fields', async () => {
    const sneaky = { type: 'order-placed', payload: {}, version: 99 } as unknown as NewEvent;
    await refused(store.append('order-1', 'any', [sneaky], { ...opts, idempotencyKey: 'k' }), /unknown envelope field\(s\) 'version'/);
  });

  it('a stream id that looks like an operator', async () => {
    await refused(store.append('$where', 'any', [{ type: 'order-placed', payload: {} }], opts), /invalid stream id "\$where"/);
  });

  it('payload keys with a dot or a dollar, and nested arrays', async () => {
    await refused(store.append('order-1', 'any', [{ type: 'order-placed', payload: { 'a.b': 1 } }], opts), /key 'a\.b' .* contains '\.'/);
    await refused(store.append('order-1', 'any', [{ type: 'order-placed', payload: { $set: { total: 0 } } }], opts), /key '\$set' .* starts with '\$'/);
    await refused(store.append('order-1', 'any', [{ type: 'order-placed', payload: { lines: [[1]] } }], opts), /array directly inside an array/);
  });

  it('a malformed event type, a bad expected version, a missing correlation id', async () => {
    await refused(store.append('order-1', 'any', [{ type: 'Order Placed', payload: {} }], opts), /not past-tense kebab-case/);
    await refused(store.append('order-1', -1, [{ type: 'order-placed', payload: {} }], opts), /expected version/);
    await refused(store.append('order-1', 'any', [{ type: 'order-placed', payload: {} }], { correlationId: '' }), /correlationId/);
  });

  it('one bad event spoils the whole batch', async () => {
    await refused(
      store.append('order-1', 'any', [{ type: 'order-placed', payload: {} }, { type: 'order-confirmed', payload: { 'x.y': 1 } }], opts),
      /event #1/,
    );
  });
});

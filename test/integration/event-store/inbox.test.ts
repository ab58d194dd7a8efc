import { describe, expect, it } from 'vitest';
import { Inbox, InboxBusyError } from '../../../shared/platform/outbox/inbox';
import { useTestDatabase } from '../../support/mongo';

const { db } = await useTestDatabase('es_inbox');

describe('inbox', () => {
  it('processes an event id once per consumer', async () => {
    const inbox = new Inbox(db, 'sales-by-state');
    let runs = 0;
    const first = await inbox.processOnce('ev-1', async () => ++runs);
    const again = await inbox.processOnce('ev-1', async () => ++runs);
    expect(first).toEqual({ processed: true, result: 1 });
    expect(again).toEqual({ processed: false });
    expect(await new Inbox(db, 'order-summary').processOnce('ev-1', async () => ++runs)).toEqual({ processed: true, result: 2 });
    expect(await inbox.hasProcessed('ev-1')).toBe(true);
  });

  it('runs the handler once when the same event arrives twice at the same time', async () => {
    const inbox = new Inbox(db, 'concurrent');
    let runs = 0;
    const settled = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        inbox.processOnce('ev-2', async () => {
          runs += 1;
          await new Promise((r) => setTimeout(r, 20));
        }),
      ),
    );
    expect(runs).toBe(1);
    for (const s of settled) {
      if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(InboxBusyError);
    }
  });

  it('lets a failed handler be retried', async () => {
    const inbox = new Inbox(db, 'retry');
    await expect(inbox.processOnce('ev-3', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await inbox.processOnce('ev-3', async () => 'ok')).toEqual({ processed: true, result: 'ok' });
  });

  it('takes over an attempt abandoned by a dead process', async () => {
    const inbox = new Inbox(db, 'abandoned', { abandonAfterMs: 0 });
    await db.collection<{ _id: string }>('inbox').insertOne({ _id: 'abandoned|ev-4#1', consumer: 'abandoned', eventId: 'ev-4', state: 'processing', at: new Date(0) } as never);
    expect(await inbox.processOnce('ev-4', async () => 'done')).toEqual({ processed: true, result: 'done' });
  });
});

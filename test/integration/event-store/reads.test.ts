import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { useTestDatabase } from '../../support/mongo';

const { db } = await useTestDatabase('es_reads');
const { db: readAllDb } = await useTestDatabase('es_readall');
const { db: settleDb } = await useTestDatabase('es_settle');
const store = new EventStore(db, { readAllSettleMs: 0 });
const at = (iso: string) => new Date(iso);

describe('reading streams', () => {
  it('stores complete envelopes', async () => {
    const result = await store.append('lead-1', 'no-stream', [{ type: 'lead-initialized', payload: { name: 'Ann', when: at('2026-01-01T00:00:00Z') }, eventId: 'ev-1' }], {
      correlationId: 'corr',
      causationId: 'cause',
      now: at('2026-01-01T09:00:00Z'),
    });
    const [stored] = await store.readStream('lead-1');
    expect(stored).toEqual({
      type: 'lead-initialized',
      eventId: 'ev-1',
      correlationId: 'corr',
      causationId: 'cause',
      streamId: 'lead-1',
      version: 1,
      timestamp: at('2026-01-01T09:00:00Z'),
      schemaVersion: 1,
      payload: { name: 'Ann', when: at('2026-01-01T00:00:00Z') },
    });
    expect(result.events).toEqual([stored]);
  });

  it('reads a version range across commits', async () => {
    await store.append('lead-2', 0, [1, 2, 3].map((n) => ({ type: 'contacted', payload: { n } })), { correlationId: 'c' });
    await store.append('lead-2', 3, [4, 5].map((n) => ({ type: 'contacted', payload: { n } })), { correlationId: 'c' });
    await store.append('lead-2', 5, [{ type: 'contacted', payload: { n: 6 } }], { correlationId: 'c' });
    expect((await store.readStream('lead-2', { fromVersion: 3, toVersion: 5 })).map((e) => e.version)).toEqual([3, 4, 5]);
    expect((await store.readStream('lead-2', { fromVersion: 6 })).map((e) => e.version)).toEqual([6]);
    expect((await store.readStreamAfterBoundary('lead-2', 3)).map((e) => e.version)).toEqual([4, 5, 6]);
    expect(await store.readStream('no-such-stream')).toEqual([]);
    expect(await store.streamHead('no-such-stream')).toBe(0);
  });

  it('answers as-of queries with the events up to that time', async () => {
    const days = ['2026-03-01', '2026-03-02', '2026-03-03'];
    for (const [i, day] of days.entries()) {
      await store.append('lead-3', i, [{ type: i === 0 ? 'lead-initialized' : 'followup-set', payload: { day } }], { correlationId: 'c', now: at(`${day}T12:00:00Z`) });
    }
    const days_ = (events: EventEnvelope[]) => events.map((e) => (e.payload as { day: string }).day);
    expect(days_(await store.readStreamAsOf('lead-3', at('2026-03-02T12:00:00Z')))).toEqual(['2026-03-01', '2026-03-02']);
    expect(days_(await store.readStreamAsOf('lead-3', at('2026-03-02T11:59:59Z')))).toEqual(['2026-03-01']);
    expect(await store.readStreamAsOf('lead-3', at('2026-02-28T00:00:00Z'))).toEqual([]);
    expect(days_(await store.readStreamAsOf('lead-3', at('2027-01-01T00:00:00Z')))).toEqual(days);
  });
});

describe('reading all events', () => {
  it('pages through every event once, in a stable order that keeps each stream in version order', async () => {
    const all = new EventStore(readAllDb, { readAllSettleMs: 0 });
    const streams = ['a-1', 'b-2', 'c-3'];
    for (let round = 0; round < 4; round += 1) {
      await Promise.all(
        streams.map((s) => all.append(s, 'any', [{ type: 'stock-reserved', payload: { round } }, { type: 'stock-released', payload: { round } }], { correlationId: 'c' })),
      );
    }
    const seen: EventEnvelope[] = [];
    let checkpoint: string | undefined;
    for (;;) {
      const page = await all.readAll({ after: checkpoint, limit: 5 });
      if (page.events.length === 0) {
        expect(page.checkpoint).toBe(checkpoint);
        break;
      }
      expect(page.events.length).toBeLessThanOrEqual(5);
      seen.push(...page.events);
      checkpoint = page.checkpoint;
    }
    expect(seen).toHaveLength(24);
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(24);
    for (const s of streams) {
      expect(seen.filter((e) => e.streamId === s).map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
    const again = await all.readAll({ limit: 100 });
    expect(again.events.map((e) => e.eventId)).toEqual(seen.map((e) => e.eventId));

    await all.append('a-1', 'any', [{ type: 'stock-reserved', payload: { round: 9 } }], { correlationId: 'c' });
    const tail = await all.readAll({ after: checkpoint });
    expect(tail.events.map((e) => [e.streamId, e.version])).toEqual([['a-1', 9]]);
  });

  it('reads the same pages through one cursor as readAll does page by page, splitting commits alike', async () => {
    const all = new EventStore(readAllDb, { readAllSettleMs: 0 });
    const paged: { ids: string[]; checkpoint: string | undefined }[] = [];
    let checkpoint: string | undefined;
    for (;;) {
      const page = await all.readAll({ after: checkpoint, limit: 3 });
      if (page.events.length === 0) break;
      paged.push({ ids: page.events.map((e) => e.eventId), checkpoint: page.checkpoint });
      checkpoint = page.checkpoint;
    }
    const streamed: { ids: string[]; checkpoint: string | undefined }[] = [];
    for await (const page of all.readAllPages({ pageSize: 3 })) {
      if (page.events.length > 0) streamed.push({ ids: page.events.map((e) => e.eventId), checkpoint: page.checkpoint });
    }
    // 25 events, some commits of two events cut across pages of three.
    expect(paged.flatMap((p) => p.ids)).toHaveLength(25);
    expect(streamed).toEqual(paged);

    const middle = paged[3]?.checkpoint;
    const rest: string[] = [];
    for await (const page of all.readAllPages({ after: middle, pageSize: 7 })) rest.push(...page.events.map((e) => e.eventId));
    expect(rest).toEqual(paged.slice(4).flatMap((p) => p.ids));
  });

  it('holds back commits younger than the settle window', async () => {
    const settling = new EventStore(settleDb, { readAllSettleMs: 60 * 60_000 });
    await settling.append('x-1', 'any', [{ type: 'stock-reserved', payload: {} }], { correlationId: 'c' });
    expect((await settling.readAll()).events).toEqual([]);
    expect((await new EventStore(settleDb, { readAllSettleMs: 0 }).readAll()).events).toHaveLength(1);
  });
});

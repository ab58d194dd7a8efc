import { describe, expect, it } from 'vitest';
import { Leases } from '../../../shared/platform/outbox/lease';
import { useTestDatabase } from '../../support/mongo';

const { db } = await useTestDatabase('es_lease');
const leases = new Leases(db, { graceMs: 0 });
const docs = db.collection<{ _id: string; kind: string; expiresAt: Date }>('outbox_leases');

describe('leases on FerretDB-safe inserts', () => {
  it('gives a free key to one holder until it is released', async () => {
    const first = await leases.acquire('k-1', 10_000, 'a');
    expect(first).not.toBeNull();
    expect(await leases.acquire('k-1', 10_000, 'b')).toBeNull();
    await leases.release(first!);
    expect(await leases.acquire('k-1', 10_000, 'b')).not.toBeNull();
  });

  it('lets exactly one of many concurrent acquirers win a free key', async () => {
    for (let round = 0; round < 10; round += 1) {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => leases.acquire(`free-${round}`, 10_000, `p${i}`)));
      expect(results.filter((l) => l !== null)).toHaveLength(1);
    }
  });

  it('lets exactly one of many concurrent takers take over an expired lease', async () => {
    for (let round = 0; round < 10; round += 1) {
      const key = `expired-${round}`;
      await docs.insertOne({ _id: key, kind: 'lease', token: `dead-${round}`, owner: 'dead', acquiredAt: new Date(0), expiresAt: new Date(1) } as never);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => leases.acquire(key, 10_000, `p${i}`)));
      const winners = results.filter((l) => l !== null);
      expect(winners).toHaveLength(1);
      const stored = await docs.findOne({ _id: key });
      expect((stored as unknown as { token: string }).token).toBe(winners[0]?.token);
    }
  });

  it('moves past the takeover marker of a taker that died', async () => {
    await docs.insertOne({ _id: 'k-2', kind: 'lease', token: 'dead', owner: 'dead', acquiredAt: new Date(0), expiresAt: new Date(1) } as never);
    await docs.insertOne({ _id: 'k-2!takeover!dead!1', kind: 'takeover', token: 't', owner: 'died-too', acquiredAt: new Date(0), expiresAt: new Date(1) } as never);
    const lease = await leases.acquire('k-2', 10_000, 'c');
    expect(lease).not.toBeNull();
    expect(await docs.findOne({ _id: 'k-2!takeover!dead!2' })).not.toBeNull();
    expect(await leases.sweepMarkers(0)).toBeGreaterThanOrEqual(1);
    expect(await docs.findOne({ _id: 'k-2!takeover!dead!1' })).toBeNull();
  });

  it('does not take over a live lease, and its holder keeps it', async () => {
    const holder = await leases.acquire('k-3', 10_000, 'a');
    const takers = await Promise.all(Array.from({ length: 5 }, () => leases.acquire('k-3', 10_000, 'b')));
    expect(takers.every((t) => t === null)).toBe(true);
    expect(((await docs.findOne({ _id: 'k-3' })) as unknown as { token: string }).token).toBe(holder?.token);
  });
});

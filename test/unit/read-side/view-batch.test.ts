import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../../../shared/platform/projections/document-cache';
import { MemoryViewStore } from '../../../shared/platform/projections/memory-view-store';
import { ViewBatch } from '../../../shared/platform/projections/view-batch';
import { updateDocument, type ViewDocument } from '../../../shared/platform/projections/view-store';

interface Counter extends ViewDocument {
  readonly n: number;
}

const bump = (batch: ViewBatch, id: string, journal?: string) =>
  updateDocument<Counter>(batch, id, (c) => ({ _id: id, n: (c?.n ?? 0) + 1, ...(journal === undefined ? {} : { journal }) }));

const order = (revisions: readonly ViewDocument[]) => revisions.map((r) => `${r._id}@${r.rev ?? '?'}`);

describe('ViewBatch: the documents a batch of events changes, written once', () => {
  it('gives a document changed by many events one new revision, in the order of its last change', async () => {
    const store = new MemoryViewStore();
    await store.put<Counter>({ _id: 'a', n: 10 }, null);
    const batch = new ViewBatch(store, new DocumentCache());
    await bump(batch, 'a');
    await bump(batch, 'b');
    await bump(batch, 'a');
    expect(await batch.get<Counter>('a')).toMatchObject({ n: 12 });
    expect(order(batch.revisions())).toEqual(['b@1', 'a@2']);
    expect(await batch.flush()).toEqual({ written: 2, conflict: false, documents: 2 });
    expect(await store.get<Counter>('a')).toMatchObject({ n: 12, rev: 2 });
  });

  it('writes a journaled document at every change, in place, so its journal protocol sees each state', async () => {
    const batch = new ViewBatch(new MemoryViewStore(), new DocumentCache());
    await bump(batch, 'totals', 'order-1');
    await bump(batch, 'sale|1');
    await bump(batch, 'totals', 'order-2');
    await bump(batch, 'sale|2');
    await bump(batch, 'sale|1');
    expect(order(batch.revisions())).toEqual(['totals@1', 'totals@2', 'sale|2@1', 'sale|1@1']);
  });

  it('undoes what one event changed when it fails half-way', async () => {
    const batch = new ViewBatch(new MemoryViewStore(), new DocumentCache());
    await bump(batch, 'a');
    const savepoint = batch.savepoint();
    await bump(batch, 'a');
    await bump(batch, 'b');
    batch.rollback(savepoint);
    expect(await batch.get<Counter>('a')).toMatchObject({ n: 1 });
    expect(await batch.get('b')).toBeNull();
    expect(order(batch.revisions())).toEqual(['a@1']);
  });

  it('stops at a revision another writer wrote first, and forgets what it did not write', async () => {
    const store = new MemoryViewStore();
    const cache = new DocumentCache();
    const batch = new ViewBatch(store, cache);
    await bump(batch, 'a');
    await bump(batch, 'b');
    await bump(batch, 'c');
    await store.put<Counter>({ _id: 'b', n: 99 }, null);
    expect(await batch.flush()).toMatchObject({ written: 1, conflict: true });
    expect(cache.get('a')).toMatchObject({ n: 1, rev: 1 });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
    expect(await store.get('c')).toBeNull();
  });

  it('serves a stale cached document until its write meets the newer revision', async () => {
    const store = new MemoryViewStore();
    const cache = new DocumentCache();
    const first = new ViewBatch(store, cache);
    await bump(first, 'a');
    await first.flush();
    await store.put<Counter>({ _id: 'a', n: 50 }, (await store.get<Counter>('a')) as Counter);
    const second = new ViewBatch(store, cache);
    await bump(second, 'a');
    expect(await second.get<Counter>('a')).toMatchObject({ n: 2 });
    expect(await second.flush()).toMatchObject({ written: 0, conflict: true });
    expect(await store.get<Counter>('a')).toMatchObject({ n: 50, rev: 2 });
  });

  it('takes documents an event creates as absent without reading them; if one exists, its write conflicts', async () => {
    const store = new MemoryViewStore();
    await store.put<Counter>({ _id: 'new', n: 7 }, null);
    let reads = 0;
    const counting = {
      ...store,
      get: async <D extends ViewDocument>(id: string) => { reads += 1; return store.get<D>(id); },
      getMany: async <D extends ViewDocument>(ids: readonly string[]) => { reads += ids.length; return store.getMany<D>(ids); },
      put: store.put.bind(store),
      writeRevisions: store.writeRevisions.bind(store),
    };
    const batch = new ViewBatch(counting, new DocumentCache());
    await batch.prefetch([{ creates: ['new'] }]);
    await bump(batch, 'new');
    expect(reads).toBe(0);
    expect(await batch.flush()).toMatchObject({ written: 0, conflict: true });
  });

  it('writes a document taken as created first, so a wrong "absent" stops the batch before anything computed from it', async () => {
    const store = new MemoryViewStore();
    await store.put<Counter>({ _id: 'sale|1', n: 7 }, null);
    const batch = new ViewBatch(store, new DocumentCache());
    await batch.prefetch([{ creates: ['sale|1'] }]);
    await bump(batch, 'other');
    await bump(batch, 'totals', 'order-1');
    await bump(batch, 'sale|1');
    await bump(batch, 'sale|1');
    expect(order(batch.revisions())).toEqual(['sale|1@1', 'other@1', 'totals@1', 'sale|1@2']);
    expect(await batch.flush()).toMatchObject({ written: 0, conflict: true });
    expect(await store.get('other')).toBeNull();
    expect(await store.get('totals')).toBeNull();
  });

  it('hands views frozen documents: a change in place fails instead of corrupting what others read', async () => {
    const batch = new ViewBatch(new MemoryViewStore(), new DocumentCache());
    await updateDocument(batch, 'list', () => ({ _id: 'list', items: [1, 2] }));
    const doc = await batch.get<ViewDocument & { items: number[] }>('list');
    expect(() => doc?.items.push(3)).toThrow(TypeError);
  });
});

import { expect } from 'vitest';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import type { ProjectionView } from '../../../shared/platform/projections/projection-view';
import { withoutBookkeeping, type ViewReader } from '../../../shared/platform/projections/view-store';
import { MemoryViewStore } from '../../../shared/platform/projections/memory-view-store';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** An envelope as the relay delivers it; the timestamp is `minute` minutes after T0. */
export function ev(streamId: string, version: number, type: string, payload: object, minute = version): EventEnvelope {
  return {
    type, eventId: `${streamId}@${version}`, correlationId: 'c', causationId: 'c', streamId, version,
    timestamp: at(minute), schemaVersion: 1, payload,
  };
}

export const at = (minute: number): Date => new Date(T0 + minute * 60_000);

/**
 * Given-when-then for views: `given(view, history).when(...events)` applies the history, then
 * the new events, in memory, and checks that replaying all of them once more changes no
 * document; `thenRead(query, expected)` checks what a query reads; `applied()` gives the store.
 */
export function given(view: ProjectionView, history: readonly EventEnvelope[] = []) {
  return {
    when(...events: EventEnvelope[]) {
      const run = async () => {
        const store = new MemoryViewStore();
        for (const e of history) await view.apply(store, e);
        for (const e of events) await view.apply(store, e);
        const after = store.documents();
        for (const e of [...history, ...events]) await view.apply(store, e);
        expect(store.documents(), 'replaying every event again changes nothing').toStrictEqual(after);
        return store;
      };
      return {
        applied: run,
        async thenRead<T>(query: (reader: ViewReader) => Promise<T>, expected: unknown): Promise<T> {
          const value = await query(await run());
          expect(value).toStrictEqual(expected);
          return value;
        },
      };
    },
  };
}

/** The documents of a store without bookkeeping, sorted by id: what two copies of a view must share. */
export function contentOf(store: MemoryViewStore): unknown[] {
  return store.documents().map(withoutBookkeeping).sort((a, b) => (a._id < b._id ? -1 : 1));
}

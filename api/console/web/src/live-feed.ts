import { createParser } from 'eventsource-parser';
import { call, withQuery } from './api';

/** A public message in its wire envelope, as the live feed sends it. */
export interface WireMessage {
  readonly type: string;
  readonly kind: string;
  readonly 'event-id': string;
  readonly 'stream-id': string;
  readonly version: number;
  readonly timestamp: string;
  readonly 'schema-version': number;
  readonly 'correlation-id': string;
  readonly payload: unknown;
}

/**
 * Follows GET /messages/stream with fetch, not EventSource: EventSource cannot send the
 * Authorization header, and the API reads keys from nowhere else. Resumes after a dropped
 * connection with Last-Event-ID; stops when `signal` aborts.
 */
export async function followLiveFeed(types: readonly string[], onMessage: (m: WireMessage) => void, signal: AbortSignal, onConnected: () => void): Promise<void> {
  let lastId: string | undefined;
  while (!signal.aborted) {
    const res = await call(withQuery('/messages/stream', { type: types.join(','), lastEventId: lastId }), { signal });
    onConnected();
    const parser = createParser({
      onEvent: (e) => {
        if (e.event === 'error') return;
        if (e.id) lastId = e.id;
        onMessage(JSON.parse(e.data) as WireMessage);
      },
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      reader.releaseLock();
    }
    if (!signal.aborted) await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** One server-sent event as the stream carried it. */
export interface SseEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

export interface SseConnection {
  readonly status: number;
  /** The next event (comments skipped); waits as long as the stream is open. */
  next(): Promise<SseEvent>;
  close(): void;
}

/** A minimal EventSource over fetch, for tests: parses `id:`, `event:` and `data:` lines. */
export async function openSse(url: string, headers: Record<string, string>): Promise<SseConnection> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: SseEvent[] = [];
  const take = (): boolean => {
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields: { id?: string; event?: string; data: string[] } = { data: [] };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'data') fields.data.push(value);
        else if (name === 'id') fields.id = value;
        else if (name === 'event') fields.event = value;
      }
      if (fields.data.length > 0) queue.push({ ...(fields.id === undefined ? {} : { id: fields.id }), ...(fields.event === undefined ? {} : { event: fields.event }), data: fields.data.join('\n') });
    }
    return queue.length > 0;
  };
  return {
    status: res.status,
    async next() {
      while (!take()) {
        if (!reader) throw new Error(`no event stream (status ${res.status})`);
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
      return queue.shift() as SseEvent;
    },
    close() {
      abort.abort();
    },
  };
}

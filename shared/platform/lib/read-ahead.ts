/**
 * The items of `source`, read up to `buffer` items ahead of the consumer: the next batch of a
 * database cursor is fetched while the current one is processed, instead of after it.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, buffer: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let queue: T[] = [];
  let head = 0;
  const size = () => queue.length - head;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  let stopped = false;
  const producer = (async () => {
    try {
      while (!stopped) {
        if (size() >= buffer) {
          await new Promise<void>((resolve) => (wakeProducer = resolve));
          continue;
        }
        const next = await iterator.next();
        if (next.done) break;
        queue.push(next.value);
        wakeConsumer?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      wakeConsumer?.();
    }
  })();
  try {
    for (;;) {
      if (size() === 0) {
        if (failure) throw failure.error;
        if (finished) return;
        await new Promise<void>((resolve) => (wakeConsumer = resolve));
        continue;
      }
      const item = queue[head] as T;
      head += 1;
      if (head >= 1_024 && head * 2 >= queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      wakeProducer?.();
      yield item;
    }
  } finally {
    stopped = true;
    wakeProducer?.();
    await producer;
    await iterator.return?.();
  }
}

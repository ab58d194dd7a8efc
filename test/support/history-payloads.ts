import type { Payload } from '@temporalio/common';

/** Every payload in a fetched workflow history (any object with `metadata` and `data`), depth first. */
export function historyPayloads(node: unknown, found: Payload[] = []): Payload[] {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return found;
  if (Array.isArray(node)) {
    for (const item of node) historyPayloads(item, found);
    return found;
  }
  const record = node as Record<string, unknown>;
  if (record.metadata && typeof record.metadata === 'object' && record.data instanceof Uint8Array) {
    found.push(record as Payload);
    return found;
  }
  for (const value of Object.values(record)) historyPayloads(value, found);
  return found;
}

export const metadataText = (payload: Payload, key: string): string | undefined => {
  const value = payload.metadata?.[key];
  return value ? Buffer.from(value).toString('utf8') : undefined;
};

/**
 * An aggregate's state as plain JSON for a client: Maps become objects (their keys are ids),
 * Sets arrays, Dates ISO strings; everything else as JSON.stringify would keep it. Keys are
 * defined as own properties, so an id such as "__proto__" stays a key, not a prototype.
 */
export function toJsonState(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return objectOf([...value].map(([k, v]) => [String(k), v]));
  if (value instanceof Set) return [...value].map(toJsonState);
  if (Array.isArray(value)) return value.map(toJsonState);
  if (value !== null && typeof value === 'object') return objectOf(Object.entries(value));
  return value;
}

function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    if (v === undefined) continue;
    Object.defineProperty(out, key, { value: toJsonState(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

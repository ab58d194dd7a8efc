/**
 * A deep copy as MongoDB stores it: undefined properties dropped (the driver would write them as
 * null), Dates kept. Both view stores write through it, so a live and a rebuilt view hold the same.
 */
export function plainDocument<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(copy);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = copy(v);
    return out;
  }
  return value;
}

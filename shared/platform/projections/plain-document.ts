/**
 * A deep copy as MongoDB stores it: undefined properties dropped (the driver would write them as
 * null), Dates kept. Both view stores write through it, so a live and a rebuilt view hold the same.
 */
export function plainDocument<T>(value: T): T {
  return copy(value, false) as T;
}

/**
 * The same copy, frozen all the way down: documents a batch or a rebuild holds in memory are
 * handed to views as they are, without a copy per read, and a view that tried to change one in
 * place (views build new values) would fail loudly instead of corrupting what others read. Parts
 * frozen already (a view's new document reusing the old one's unchanged parts) are shared, not copied.
 */
export function frozenDocument<T>(value: T): T {
  return copy(value, true) as T;
}

function copy(value: unknown, freeze: boolean): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (freeze && value !== null && typeof value === 'object' && Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    const out = value.map((v) => copy(v, freeze));
    return freeze ? Object.freeze(out) : out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = copy(v, freeze);
    return freeze ? Object.freeze(out) : out;
  }
  return value;
}

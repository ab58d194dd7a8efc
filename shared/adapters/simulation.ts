/**
 * Injectable sources of chance and time for the provider simulators, so that a test can
 * make them deterministic. Not for domain code, which is pure.
 */

/** Returns a float in [0, 1), like Math.random. */
export type Random = () => number;

export type Sleep = (ms: number) => Promise<void>;

export type Clock = () => Date;

/** mulberry32: a small, fast, seedable generator; good enough for simulations, not for secrets. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const systemClock: Clock = () => new Date();

/** An integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `prefix_` followed by `length` base-36 characters drawn from `random`. */
export function randomId(random: Random, prefix: string, length = 16): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return `${prefix}_${id}`;
}

export interface LatencyRange {
  readonly minMs: number;
  readonly maxMs: number;
}

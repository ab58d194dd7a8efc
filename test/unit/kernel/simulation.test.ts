import { expect, it } from 'vitest';
import { randomId, randomInt, seededRandom } from '../../../shared/adapters/simulation';

it('a seeded random repeats its sequence and stays in [0, 1)', () => {
  const a = seededRandom(99);
  const b = seededRandom(99);
  const xs = Array.from({ length: 1000 }, () => a());
  expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
  expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  expect(new Set(xs).size).toBeGreaterThan(990);
  expect(seededRandom(100)()).not.toBe(xs[0]);
});

it('draws integers in a closed range and ids with a prefix', () => {
  const random = seededRandom(1);
  const ints = Array.from({ length: 500 }, () => randomInt(random, 20, 80));
  expect(Math.min(...ints)).toBe(20);
  expect(Math.max(...ints)).toBe(80);
  expect(randomId(random, 'auth')).toMatch(/^auth_[0-9a-z]{16}$/);
});

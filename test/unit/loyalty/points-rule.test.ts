import { expect, it } from 'vitest';
import { pointsForOrderTotal } from '../../../shared/domain/loyalty/points-rule';

it.each([
  [0, 0],
  [99, 0],
  [100, 1],
  [1999, 19],
  [4848, 48],
  [100_000, 1000],
])('%i cents earn %i points', (cents, points) => {
  expect(pointsForOrderTotal(cents)).toBe(points);
});

it('refuses a total that is not money', () => {
  expect(() => pointsForOrderTotal(-1)).toThrowError(/Invalid money/);
  expect(() => pointsForOrderTotal(1.5)).toThrowError(/Invalid money/);
});

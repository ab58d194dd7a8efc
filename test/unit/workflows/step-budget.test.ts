import { describe, expect, it } from 'vitest';
import { attemptsWithin } from '../../../workflows/ordering/order-fulfilment/order-saga-activities';

describe("a step's business retry budget, as attempts on the saga's backoff (500 ms doubling to 30 s)", () => {
  it('gives at least one attempt', () => {
    expect(attemptsWithin(0)).toBe(1);
    expect(attemptsWithin(499)).toBe(1);
  });

  it('counts the retries whose waits fit in the budget', () => {
    expect(attemptsWithin(500)).toBe(2);
    expect(attemptsWithin(1_500)).toBe(3);
    expect(attemptsWithin(31_500)).toBe(7);
    expect(attemptsWithin(61_500)).toBe(8);
    expect(attemptsWithin(10 * 60_000)).toBe(7 + Math.floor((600_000 - 31_500) / 30_000));
  });
});

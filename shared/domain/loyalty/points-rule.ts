import { Money } from '../kernel/money';

/** Loyalty rule: one point per whole dollar of the order total ($19.99 earns 19 points). */
export function pointsForOrderTotal(totalCents: number): number {
  return Money.ofCents(totalCents).wholeUnits();
}

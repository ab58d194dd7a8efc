import { describe, expect, it } from 'vitest';
import { leadFunnelDataProduct } from '../../../shared/domain/crm/data-products/lead-funnel-data-product';
import { stockMovementsDataProduct } from '../../../shared/domain/inventory/data-products/stock-movements-data-product';
import { salesDataProduct } from '../../../shared/domain/ordering/data-products/sales-data-product';

const queries = [salesDataProduct, stockMovementsDataProduct, leadFunnelDataProduct].flatMap((product) =>
  product.queries.map((query) => ({ name: `${product.name}/${query.name}`, parameters: query.parameters })),
);
const rangeQueries = queries.filter((q) => q.parameters.safeParse({ from: '2026-01-01', to: '2026-01-02' }).success);

describe('named query parameters', () => {
  it('some queries take a day range (the cases below are about them)', () => {
    expect(rangeQueries.length).toBeGreaterThanOrEqual(6);
  });

  // Zod runs an object's refinements even when a field already failed: the range check must not
  // compute with a value that is not a day (it threw "Invalid time value", a 500 found by the fuzzer).
  it.each(rangeQueries.map((q) => [q.name, q.parameters] as const))('%s refuses a day that is empty or not a day, on that field', (_, parameters) => {
    for (const bad of [{ to: '' }, { from: '' }, { from: 'yesterday' }, { to: '2026-02-30' }, { from: '', to: '' }]) {
      const result = parameters.safeParse(bad);
      expect(result.success, JSON.stringify(bad)).toBe(false);
      const fields = new Set(result.error?.issues.map((issue) => issue.path[0]));
      expect([...fields].sort(), JSON.stringify(bad)).toEqual(Object.keys(bad).sort());
    }
  });

  it.each(rangeQueries.map((q) => [q.name, q.parameters] as const))('%s refuses `to` before `from` on `to`', (_, parameters) => {
    const result = parameters.safeParse({ from: '2026-03-02', to: '2026-03-01' });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['to']]);
  });
});

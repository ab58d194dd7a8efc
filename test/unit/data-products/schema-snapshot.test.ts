import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { dataProductCatalogue } from '../../../shared/domain/data-product-catalog';
import { salesDataProduct, SaleRow } from '../../../shared/domain/ordering/data-products/sales-data-product';
import { DataProductCatalogue } from '../../../shared/platform/data-products/data-product-catalogue';
import type { DataProduct } from '../../../shared/platform/data-products/data-product-definition';
import { schemaViolations, type SchemaSnapshot } from '../../../shared/platform/data-products/schema-snapshot';

const committed = JSON.parse(readFileSync(new URL('../../contracts/data-product-schemas.json', import.meta.url), 'utf8')) as SchemaSnapshot;
const others = dataProductCatalogue.products.filter((p) => p.name !== 'ordering.sales');
const withSales = (sales: DataProduct) => new DataProductCatalogue([sales, ...others]);
const withoutUnits = Object.fromEntries(Object.entries(salesDataProduct.classification).filter(([c]) => c !== 'units'));

describe('data product schemas against the committed snapshot', () => {
  it('every product version has the schema recorded for it (npm run data-products:record records new versions)', () => {
    expect(schemaViolations(dataProductCatalogue, committed)).toEqual([]);
  });

  it('bites: a schema change without a new version fails', () => {
    const changed = withSales({
      ...salesDataProduct,
      schema: SaleRow.omit({ units: true }).extend({ total_cents: z.number(), cancelled_at: z.iso.datetime(), channel: z.string().nullable() }),
      classification: { ...withoutUnits, channel: { personal: 'none' } },
    });
    expect(schemaViolations(changed, committed)).toEqual([
      "ordering.sales@v1: column 'total_cents' type changed from BIGINT to DOUBLE; publish the change as a new version of the product",
      "ordering.sales@v1: column 'units' removed; publish the change as a new version of the product",
      "ordering.sales@v1: column 'cancelled_at' became required; publish the change as a new version of the product",
      "ordering.sales@v1: column 'channel' added; publish the change as a new version of the product",
    ]);
    const repartitioned = withSales({ ...salesDataProduct, partitionBy: { column: 'confirmed_on', grain: 'month' } });
    expect(schemaViolations(repartitioned, committed)).toEqual([expect.stringContaining('partitioning changed from confirmed_on/day to confirmed_on/month')]);
  });

  it('the same change as a new version asks to be recorded, and the old version may go once superseded', () => {
    const v2 = withSales({ ...salesDataProduct, version: 2, schema: SaleRow.omit({ units: true }), classification: withoutUnits });
    expect(schemaViolations(v2, committed)).toEqual(['ordering.sales@v2: not in the committed snapshot; record it (npm run data-products:record)']);
    const gone = new DataProductCatalogue(others);
    expect(schemaViolations(gone, committed)).toEqual([expect.stringContaining('ordering.sales@v1: published but gone')]);
  });
});

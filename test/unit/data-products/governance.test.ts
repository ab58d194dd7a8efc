import { describe, expect, it } from 'vitest';
import { dataProductCatalogue, personalFieldsOfMessage } from '../../../shared/domain/data-product-catalog';
import { salesDataProduct } from '../../../shared/domain/ordering/data-products/sales-data-product';
import { DataProductCatalogue, GovernanceError } from '../../../shared/platform/data-products/data-product-catalogue';
import { governanceViolations } from '../../../shared/platform/data-products/governance-rules';
import { BROKEN_PRODUCTS } from './fixtures/broken-products';

describe('governance as code', () => {
  it('every data product of the platform obeys every rule', () => {
    for (const product of dataProductCatalogue.products) expect(governanceViolations(product, personalFieldsOfMessage), product.name).toEqual([]);
    expect(dataProductCatalogue.names()).toEqual(['crm.lead-funnel', 'inventory.stock-movements', 'ordering.sales']);
  });

  it.each(BROKEN_PRODUCTS.map(([rule, detail, product]) => [rule, detail, product] as const))('bites: [%s] %s', (rule, detail, product) => {
    expect(governanceViolations(product, personalFieldsOfMessage)).toContainEqual(expect.objectContaining({ rule, detail: expect.stringContaining(detail) }));
  });

  it('every rule has a fixture that breaks it', () => {
    expect(new Set(BROKEN_PRODUCTS.map(([rule]) => rule))).toEqual(new Set(['owner', 'schema', 'freshness', 'retention', 'personal-data', 'names']));
  });

  it('a catalogue with a product that breaks a rule cannot be built, so no process starts with it', () => {
    const [, , broken] = BROKEN_PRODUCTS[0] as (typeof BROKEN_PRODUCTS)[number];
    expect(() => new DataProductCatalogue([broken], personalFieldsOfMessage)).toThrow(GovernanceError);
    expect(() => new DataProductCatalogue([salesDataProduct, salesDataProduct], personalFieldsOfMessage)).toThrow(/declared twice/);
  });

  it('a product consuming a message the catalogue does not publish is refused', () => {
    const product = { ...salesDataProduct, source: { ...salesDataProduct.source, kind: 'public-messages' as const, messages: [{ type: 'ordering.order-shipped', version: 1 }], rows: () => [] } };
    expect(governanceViolations(product, personalFieldsOfMessage)).toContainEqual(expect.objectContaining({ rule: 'schema', detail: expect.stringContaining('ordering.order-shipped v1, which is not in the message catalogue') }));
  });
});

/** Event-store stream of the stock of one SKU. */
export const stockStreamId = (sku: string): string => `stock-${sku}`;

/** Event-store stream of what inventory did with the goods of one return. */
export const returnedStockStreamId = (returnId: string): string => `inventory-return-${returnId}`;

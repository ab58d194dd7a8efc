/** Event-store stream of the parcel of one return, from the label to its arrival at the warehouse. */
export const returnShipmentStreamId = (returnId: string): string => `return-shipment-${returnId}`;

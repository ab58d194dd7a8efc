/** Event-store stream of the shipment of one order. */
export const shipmentStreamId = (orderId: string): string => `shipment-${orderId}`;

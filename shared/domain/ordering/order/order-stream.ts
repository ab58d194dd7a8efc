/** Event-store stream of one order. */
export const orderStreamId = (orderId: string): string => `order-${orderId}`;

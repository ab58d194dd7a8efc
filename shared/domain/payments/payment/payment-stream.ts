/** Event-store stream of the payment of one order. */
export const paymentStreamId = (orderId: string): string => `payment-${orderId}`;

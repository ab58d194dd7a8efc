/**
 * Event-store stream of the returns of one order: every return of the order in one aggregate, so
 * that two returns asked for at once cannot together send back more than was shipped.
 */
export const orderReturnsStreamId = (orderId: string): string => `order-returns-${orderId}`;

/** Event-store stream of one customer's loyalty points. */
export const pointsStreamId = (customerId: string): string => `points-${customerId}`;

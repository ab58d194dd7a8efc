/** Event-store stream of one CRM customer. */
export const customerStreamId = (customerId: string): string => `customer-${customerId}`;

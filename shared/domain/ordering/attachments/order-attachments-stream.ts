/** Event-store stream of one order's attachments, apart from the order aggregate's own stream. */
export const orderAttachmentsStreamId = (orderId: string): string => `order-attachments-${orderId}`;

/** Event-store stream of the refund of one return (payments' side of the returns choreography). */
export const returnRefundStreamId = (returnId: string): string => `return-refund-${returnId}`;

/** Store credit is payments' own ledger entry: its id follows from the return, so issuing it twice is one credit. */
export const storeCreditId = (returnId: string): string => `credit_${returnId}`;

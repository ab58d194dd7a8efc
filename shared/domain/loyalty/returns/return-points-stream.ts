/** Event-store stream of loyalty's decision about the points of one return. */
export const returnPointsStreamId = (returnId: string): string => `loyalty-return-${returnId}`;

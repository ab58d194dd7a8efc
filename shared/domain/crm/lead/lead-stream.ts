/** Event-store stream (and Temporal workflow id) of one lead. */
export const leadStreamId = (leadId: string): string => `lead-${leadId}`;

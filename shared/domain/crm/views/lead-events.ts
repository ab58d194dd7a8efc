import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import type { LeadEvent } from '../lead/lead-events';
import { leadStreamId } from '../lead/lead-stream';

/** The lead event an envelope carries, if it is one of a lead's own stream (another stream may reuse a type name). */
export function leadEventOf(envelope: EventEnvelope): { leadId: string; event: LeadEvent } | null {
  const leadId = (envelope.payload as { 'lead-id'?: unknown })['lead-id'];
  if (typeof leadId !== 'string' || envelope.streamId !== leadStreamId(leadId)) return null;
  return { leadId, event: { type: envelope.type, payload: envelope.payload } as LeadEvent };
}

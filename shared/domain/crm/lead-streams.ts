import type { EventStore } from '../../platform/event-store';
import type { LeadEvent } from './lead/lead-events';
import { leadStreamId } from './lead/lead-stream';

/**
 * Reads leads' event streams as Lead domain events (type and payload; the envelope's version is
 * the position + 1). Every read walks a stream's commit chain by exact `_id`.
 */
export class LeadStreams {
  constructor(private readonly store: EventStore) {}

  async read(leadId: string, toVersion?: number): Promise<LeadEvent[]> {
    const envelopes = await this.store.readStream(leadStreamId(leadId), toVersion === undefined ? {} : { toVersion });
    return envelopes.map((e) => ({ type: e.type, payload: e.payload }) as LeadEvent);
  }
}

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

  /** Many leads' streams, `concurrency` reads at a time, in the order of `leadIds`. */
  async readMany(leadIds: readonly string[], concurrency = 16): Promise<LeadEvent[][]> {
    const histories: LeadEvent[][] = new Array<LeadEvent[]>(leadIds.length);
    let next = 0;
    const worker = async () => {
      while (next < leadIds.length) {
        const index = next++;
        histories[index] = await this.read(leadIds[index] as string);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, leadIds.length) }, worker));
    return histories;
  }
}

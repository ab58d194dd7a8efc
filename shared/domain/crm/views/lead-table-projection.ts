import { fold } from '../../../platform/event-store/decider';
import { evolveLead } from '../lead/lead-decider';
import { LEAD_EVENT_TYPES, type LeadEvent } from '../lead/lead-events';
import { leadStreamId } from '../lead/lead-stream';
import { initialLeadState } from '../lead/lead-state';
import { projectLeadRow } from './lead-row-projection';
import type { LeadTable } from './lead-table';
import type { LeadStreams } from '../lead-streams';
import { inProcessSubscriber, type Subscriber } from '../../../platform/outbox';

export const LEAD_TABLE_SUBSCRIBER = 'crm.lead-table';

/**
 * Keeps the leads table (GET /leads) from the lead events the outbox relay delivers: in order
 * per stream, at least once. A redelivered event is skipped by version; a row that missed
 * events (e.g. the table was dropped) is rebuilt from the lead's stream, so a replay from the
 * event store gives the same table.
 */
export function leadTableProjection(table: LeadTable, streams: LeadStreams): Subscriber {
  return inProcessSubscriber(
    LEAD_TABLE_SUBSCRIBER,
    async (message) => {
      const event = { type: message.type, payload: message.payload } as LeadEvent;
      const leadId = event.payload['lead-id'];
      if (message.streamId !== leadStreamId(leadId)) return;
      const change = projectLeadRow(await table.get(leadId), event, message.version);
      if (change.kind === 'stale') return;
      if (change.kind === 'row') return table.put(change.row);
      const lead = fold({ evolve: evolveLead }, initialLeadState, await streams.read(leadId, message.version));
      if (lead) await table.put({ ...lead, version: message.version });
    },
    LEAD_EVENT_TYPES,
  );
}

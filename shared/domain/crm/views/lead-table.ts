import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import { ProjectionOrderError, type ProjectionView } from '../../../platform/projections/projection-view';
import { applyToStreamDocument, type StreamDocument } from '../../../platform/projections/stream-document';
import { evolveLead } from '../lead/lead-decider';
import { LEAD_EVENT_TYPES } from '../lead/lead-events';
import type { Lead } from '../lead/lead-state';
import type { LeadStatus } from '../lead/lead-status';
import { leadEventOf } from './lead-events';

/** One row of the talk's leads table: the lead's current state and the stream version it reflects. */
export interface LeadRow extends Lead {
  readonly version: number;
}

/** `_id = leadId`, written only by the stream `lead-<id>`. */
export type LeadRowDocument = StreamDocument<Lead>;

export function evolveLeadRow(lead: Lead | undefined, envelope: EventEnvelope): Lead {
  const event = leadEventOf(envelope)?.event;
  const next = event ? evolveLead(lead ?? null, event) : null;
  if (!next) throw new ProjectionOrderError(`${envelope.type} v${envelope.version} of ${envelope.streamId} arrived before lead-initialized`);
  return next;
}

/** The talk's leads table (GET /leads): each lead's current state, folded from its stream. */
export const leadTableView: ProjectionView = {
  name: 'lead-table',
  eventTypes: LEAD_EVENT_TYPES,
  async apply(store, envelope) {
    const lead = leadEventOf(envelope);
    if (lead) await applyToStreamDocument(store, lead.leadId, envelope, evolveLeadRow, { contiguous: true });
  },
  documents(envelope) {
    const lead = leadEventOf(envelope);
    if (!lead) return {};
    return envelope.version === 1 ? { creates: [lead.leadId] } : { reads: [lead.leadId] };
  },
};

export interface LeadTableQuery {
  readonly status?: LeadStatus;
  readonly limit: number;
  readonly offset: number;
}

/** Oldest lead first (ties by id), optionally of one status; `total` counts every matching row. */
export function pageLeadTable(docs: readonly LeadRowDocument[], query: LeadTableQuery): { rows: LeadRow[]; total: number } {
  const rows = docs
    .filter((d) => query.status === undefined || d.state.status === query.status)
    .sort((a, b) => (a.state.createdOn < b.state.createdOn ? -1 : a.state.createdOn > b.state.createdOn ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  return { rows: rows.slice(query.offset, query.offset + query.limit).map((d) => ({ ...d.state, version: d.version })), total: rows.length };
}

import { describe, expect, it } from 'vitest';
import { epochMillis } from '../../../shared/domain/crm/iso-timestamp';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import { analyzeLeadFunnel } from '../../../shared/domain/crm/lead-funnel/lead-funnel-report';
import { leadFunnelReport, leadFunnelView, type LeadJourneyDocument } from '../../../shared/domain/crm/views/lead-funnel';
import { leadTableView, pageLeadTable, type LeadRowDocument } from '../../../shared/domain/crm/views/lead-table';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { MemoryViewStore } from '../../../shared/platform/projections/memory-view-store';
import { ProjectionOrderError } from '../../../shared/platform/projections/projection-view';
import { command, lead12, run, stateOf } from '../crm/lead-fixtures';
import { given } from './view-fixtures';

/** A lead's events as the relay delivers them. */
const envelopes = (events: readonly LeadEvent[]): EventEnvelope[] => events.map((e, i) => {
  const leadId = e.payload['lead-id'];
  return {
    type: e.type, eventId: `${leadId}@${i + 1}`, correlationId: 'c', causationId: 'c', streamId: `lead-${leadId}`,
    version: i + 1, timestamp: new Date(e.payload.timestamp), schemaVersion: 1, payload: e.payload,
  };
});

const T0 = Date.parse('2024-01-01T00:00:00.000Z');
const h = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
const histories: LeadEvent[][] = [
  run([command.initialize('A', 'Ann', 'Lee', '+14155550100', h(0)), command.contact('A', h(1)), command.submitOrder('A', h(100), h(1)), command.confirmPayment('A', h(3))]),
  run([command.initialize('B', 'Bo', 'Ma', '+14155550101', h(0)), command.contact('B', h(2)), command.setFollowup('B', h(26), h(2)), command.contact('B', h(26)), command.submitOrder('B', h(126), h(26)), command.confirmPayment('B', h(30))]),
  run([command.initialize('E', 'Ed', 'Ng', '+14155550102', h(5)), command.contact('E', h(6)), command.close('E', 'not-interested', h(6))]),
  run([command.initialize('G', 'Gil', 'Oz', '+14155550103', h(1)), command.contact('G', h(1)), command.submitOrder('G', h(101), h(1)), command.failPayment('G', 'card-declined', h(2)), command.contact('G', h(3)), command.close('G', 'gone', h(40))]),
  run([command.initialize('J', 'Jo', 'Pi', '+14155550104', h(50))]),
];

async function fold(view: typeof leadTableView, events: readonly EventEnvelope[]): Promise<MemoryViewStore> {
  const store = new MemoryViewStore();
  for (const e of events) await view.apply(store, e);
  return store;
}

describe('lead table view', () => {
  it("holds each lead's current state and the version it reflects (the talk's lead 12)", async () => {
    const store = await given(leadTableView, envelopes(lead12.events)).when().applied();
    const row = await store.get<LeadRowDocument>('12');
    expect(row).toMatchObject({ streamId: 'lead-12', version: lead12.events.length, state: stateOf(lead12.events) });
    expect(row?.state).toMatchObject({ lastName: 'Davis', status: 'CONVERTED', phoneNumber: '+14155558101' });
  });

  it('refuses an event whose predecessors it has not seen', async () => {
    const [first, , third] = envelopes(lead12.events);
    const store = await fold(leadTableView, [first as EventEnvelope]);
    await expect(leadTableView.apply(store, third as EventEnvelope)).rejects.toBeInstanceOf(ProjectionOrderError);
  });

  it('lists rows oldest first, by status, a page at a time, with the total', async () => {
    const store = await fold(leadTableView, histories.flatMap(envelopes));
    const docs = store.documents() as LeadRowDocument[];
    expect(pageLeadTable(docs, { limit: 10, offset: 0 }).rows.map((r) => r.leadId)).toEqual(['A', 'B', 'G', 'E', 'J']);
    expect(pageLeadTable(docs, { limit: 2, offset: 1 })).toMatchObject({ rows: [{ leadId: 'B', version: 6 }, { leadId: 'G' }], total: 5 });
    expect(pageLeadTable(docs, { status: 'CLOSED', limit: 10, offset: 0 })).toMatchObject({ rows: [{ leadId: 'G' }, { leadId: 'E' }], total: 2 });
  });
});

describe('lead funnel view', () => {
  it('gives the report the histories give, now and as of earlier instants', async () => {
    const store = await given(leadFunnelView, histories.flatMap(envelopes)).when().applied();
    const docs = store.documents() as LeadJourneyDocument[];
    expect(docs).toHaveLength(histories.length);
    for (const asOf of [null, h(0), h(2), h(6), h(29), h(30), h(45)]) {
      const limit = asOf === null ? Infinity : epochMillis(asOf);
      const expected = analyzeLeadFunnel(histories.map((events) => events.filter((e) => epochMillis(e.payload.timestamp) <= limit)));
      expect(leadFunnelReport(docs, asOf), `as of ${asOf ?? 'now'}`).toEqual(expected);
    }
  });

  it('keeps no personal data, only when, what and the status and counters after it', async () => {
    const store = await fold(leadFunnelView, envelopes(lead12.events));
    const doc = await store.get<LeadJourneyDocument>('12');
    expect(JSON.stringify(doc)).not.toMatch(/Casey|David|Davis|4155552951|4155558101/);
    expect(doc?.state.steps.at(-1)).toEqual({ at: '2020-05-27T12:38:44.120Z', type: 'payment-confirmed', status: 'CONVERTED', contactCount: 2, followupCount: 1 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadFunnelDataProduct } from '../../../shared/domain/crm/data-products/lead-funnel-data-product';
import { LeadJourneyRow } from '../../../shared/domain/crm/data-products/lead-funnel-queries';
import { journeyFromRow, leadFunnelReport } from '../../../shared/domain/crm/data-products/lead-funnel-report-from-journeys';
import type { LeadCommand } from '../../../shared/domain/crm/lead/lead-commands';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import { analyzeLeadFunnel } from '../../../shared/domain/crm/lead-funnel/lead-funnel-report';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import type { RowChange } from '../../../shared/platform/data-products/data-product-definition';
import { command, run } from '../crm/lead-fixtures';
import { localPort, type LocalPort } from './local-port';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');
const h = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
function lead(id: string, start: number, ...steps: ((id: string) => LeadCommand)[]): LeadEvent[] {
  return run([command.initialize(id, 'Test', 'Lead', '+14155550100', h(start)), ...steps.map((step) => step(id))]);
}
const contact = (at: number) => (id: string) => command.contact(id, h(at));
const followup = (at: number, on: number) => (id: string) => command.setFollowup(id, h(on), h(at));
const order = (at: number) => (id: string) => command.submitOrder(id, h(at + 100), h(at));
const confirm = (at: number) => (id: string) => command.confirmPayment(id, h(at));
const fail = (at: number) => (id: string) => command.failPayment(id, 'card-declined', h(at));
const close = (at: number) => (id: string) => command.close(id, 'not-interested', h(at));

// Journeys of every shape: at once, after follow-ups, never contacted, lost in each way, still open.
const histories: LeadEvent[][] = [
  lead('A', 0, contact(1), order(1), confirm(3)),
  lead('D', 0, order(5), confirm(6)),
  lead('B', 0, contact(2), followup(2, 26), contact(26), order(26), confirm(30)),
  lead('C', 0, contact(1), followup(1, 25), contact(25), followup(25, 49), contact(49), order(49), confirm(51)),
  lead('N', 0, contact(0), followup(0, 24), contact(24), followup(24, 48), contact(48), followup(48, 96), contact(96), order(96), confirm(170)),
  lead('E', 0, contact(1), close(1)),
  lead('P', 200, close(203)),
  lead('F', 200, contact(201), followup(201, 202), contact(202), followup(202, 203), contact(203), followup(203, 204), close(204)),
  lead('G', 200, contact(201), order(201), fail(202)),
  lead('H', 200, contact(201), order(201), fail(202), contact(203), close(203)),
  lead('J', 200),
  lead('K', 200, contact(201), followup(201, 202), contact(202), order(202)),
];

/** Each lead event through the product's own mapping, its history as the relay would give it. */
async function rowsOf(history: readonly LeadEvent[]): Promise<{ streamId: string; version: number; rows: readonly RowChange<Record<string, unknown>>[] }[]> {
  const source = leadFunnelDataProduct.source;
  if (source.kind !== 'stored-events') throw new Error('crm.lead-funnel is fed from stored events');
  const envelopes = history.map((e, i) => ({ ...e, streamId: `lead-${e.payload['lead-id']}`, version: i + 1, timestamp: new Date(e.payload.timestamp) }) as unknown as EventEnvelope);
  return Promise.all(envelopes.map(async (event) => ({
    streamId: event.streamId,
    version: event.version,
    rows: await source.rows(event, { history: async () => envelopes.slice(0, event.version) }),
  })));
}

let port: LocalPort;
beforeAll(async () => {
  port = await localPort(leadFunnelDataProduct, (await Promise.all(histories.map(rowsOf))).flat());
});
afterAll(async () => {
  await port?.close();
});

const report = async (asOf?: string) => leadFunnelReport((await port.query('lead-journeys', asOf ? { asOf } : {})).map((r) => journeyFromRow(LeadJourneyRow.parse(r))));
const cut = (asOf: string) => histories.map((events) => events.filter((e) => Date.parse(e.payload.timestamp) <= Date.parse(asOf)));

describe('crm.lead-funnel queries on the analytical port agree with the funnel analytics over the streams', () => {
  it('lead-journeys gives the same report as re-reading every stream, now and as of earlier instants', async () => {
    expect(await report()).toEqual(analyzeLeadFunnel(histories));
    for (const asOf of [h(2), h(50), h(202), h(1000)]) expect(await report(asOf), asOf).toEqual(analyzeLeadFunnel(cut(asOf)));
    expect((await report(h(-1))).totalLeads).toBe(0);
  });

  it('conversion-by-followups and time-to-conversion agree with the domain\'s figures', async () => {
    const domain = analyzeLeadFunnel(histories);
    const byFollowups = await port.query('conversion-by-followups', { from: '2024-01-01', to: '2024-01-31' });
    expect(byFollowups).toEqual(domain.conversionByFollowups.map((b) => ({ followups: b.followups, leads: b.leads, converted: b.converted, lost: b.lost, open: b.open, conversionRate: b.conversionRate })));
    const [times] = await port.query('time-to-conversion', { from: '2024-01-01', to: '2024-01-31', groupBy: 'month' });
    expect(times).toMatchObject({ period: '2024-01-01', sampleSize: domain.timeToConversion.sampleSize });
    expect(times?.p50Hours).toBeCloseTo(domain.timeToConversion.medianHours as number, 9);
    expect(times?.p90Hours).toBeCloseTo(domain.timeToConversion.p90Hours as number, 9);
  });

  it('funnel-by-cohort-week counts each cohort\'s leads at every step', async () => {
    expect(await port.query('funnel-by-cohort-week', { from: '2024-01-01', to: '2024-01-31' })).toEqual([
      // Week of Monday 2024-01-01: A, D, B, C, N, E (hour 0); week of 2024-01-08: P, F, G, H, J, K (hour 200).
      { cohortWeek: '2024-01-01', leads: 6, contacted: 5, followupSet: 3, pendingPayment: 5, converted: 5, lost: 1, conversionRate: 5 / 6 },
      { cohortWeek: '2024-01-08', leads: 6, contacted: 4, followupSet: 2, pendingPayment: 3, converted: 0, lost: 4, conversionRate: 0 },
    ]);
  });
});

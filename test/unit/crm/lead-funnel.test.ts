import { describe, expect, it } from 'vitest';
import type { LeadCommand } from '../../../shared/domain/crm/lead/lead-commands';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import { analyzeLeadFunnel } from '../../../shared/domain/crm/lead-funnel/lead-funnel-report';
import { summarizeLeadJourney } from '../../../shared/domain/crm/lead-funnel/lead-journey';
import { percentile } from '../../../shared/domain/crm/lead-funnel/statistics';
import { command, lead12, run } from './lead-fixtures';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');
/** The instant `hours` after 2024-01-01T00:00Z. */
const h = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();

/** A lead's history written as its sales steps, each at an hour offset; run through the decider. */
function lead(id: string, ...steps: ((id: string) => LeadCommand)[]): LeadEvent[] {
  return run([command.initialize(id, 'Test', 'Lead', '+14155550100', h(0)), ...steps.map((step) => step(id))]);
}
const contact = (at: number) => (id: string) => command.contact(id, h(at));
const followup = (at: number, on: number) => (id: string) => command.setFollowup(id, h(on), h(at));
const order = (at: number) => (id: string) => command.submitOrder(id, h(at + 100), h(at));
const confirm = (at: number) => (id: string) => command.confirmPayment(id, h(at));
const fail = (at: number) => (id: string) => command.failPayment(id, 'card-declined', h(at));
const close = (at: number) => (id: string) => command.close(id, 'not-interested', h(at));

/*
 * 15 leads. Converted (7): hours from first contact to payment, follow-ups
 *   A 2h/0, L 1h/0, D never contacted/0, B 28h/1, M 72h/1, C 50h/2, N 170h/3.
 * Lost (5): E closed from NEW_LEAD after 1 contact; P closed from NEW_LEAD, no contact;
 *   F closed from FOLLOWUP_SET after 3 follow-ups and 3 contacts; G payment failed (1 contact);
 *   H payment failed, contacted again, then closed from PAYMENT_FAILED (2 contacts).
 * Open (3): J NEW_LEAD, I FOLLOWUP_SET (1 follow-up), K PENDING_PAYMENT (1 follow-up).
 */
const histories: LeadEvent[][] = [
  lead('A', contact(1), order(1), confirm(3)),
  lead('L', contact(0), order(0), confirm(1)),
  lead('D', order(5), confirm(6)),
  lead('B', contact(2), followup(2, 26), contact(26), order(26), confirm(30)),
  lead('M', contact(0), followup(0, 48), contact(48), order(48), confirm(72)),
  lead('C', contact(1), followup(1, 25), contact(25), followup(25, 49), contact(49), order(49), confirm(51)),
  lead('N', contact(0), followup(0, 24), contact(24), followup(24, 48), contact(48), followup(48, 96), contact(96), order(96), confirm(170)),
  lead('E', contact(1), close(1)),
  lead('P', close(3)),
  lead('F', contact(1), followup(1, 2), contact(2), followup(2, 3), contact(3), followup(3, 4), close(4)),
  lead('G', contact(1), order(1), fail(2)),
  lead('H', contact(1), order(1), fail(2), contact(3), close(3)),
  lead('J'),
  lead('I', contact(1), followup(1, 500)),
  lead('K', contact(1), followup(1, 2), contact(2), order(2)),
  [], // an empty stream is ignored
];

describe('lead funnel analytics', () => {
  const report = analyzeLeadFunnel(histories);

  it('counts leads by final status', () => {
    expect(report.totalLeads).toBe(15);
    expect(report.byStatus).toEqual({
      NEW_LEAD: 1,
      FOLLOWUP_SET: 1,
      PENDING_PAYMENT: 1,
      CONVERTED: 7,
      PAYMENT_FAILED: 1,
      CLOSED: 4,
    });
  });

  it('answers "was there a purchase made right away, or a lengthy journey?"', () => {
    expect(report.purchaseJourneys).toEqual({
      convertedLeads: 7,
      boughtAtOnce: { leads: 3, shareOfConverted: 3 / 7, shareOfAllLeads: 0.2 },
      afterLongerJourney: { leads: 4, shareOfConverted: 4 / 7, shareOfAllLeads: 4 / 15 },
    });
  });

  it('measures hours from first contact to conversion', () => {
    // sample [1, 2, 28, 50, 72, 170]: median (28+50)/2, p90 at rank 4.5 = (72+170)/2
    expect(report.timeToConversion).toEqual({
      sampleSize: 6,
      convertedWithoutContact: 1,
      medianHours: 39,
      p90Hours: 121,
    });
  });

  it('answers "is it worth following up again?" with conversion by number of follow-ups', () => {
    expect(report.conversionByFollowups).toEqual([
      { followups: '0', leads: 8, converted: 3, lost: 4, open: 1, conversionRate: 0.375, settledConversionRate: 3 / 7 },
      { followups: '1', leads: 4, converted: 2, lost: 0, open: 2, conversionRate: 0.5, settledConversionRate: 1 },
      { followups: '2', leads: 1, converted: 1, lost: 0, open: 0, conversionRate: 1, settledConversionRate: 1 },
      { followups: '3+', leads: 2, converted: 1, lost: 1, open: 0, conversionRate: 0.5, settledConversionRate: 0.5 },
    ]);
  });

  it('shows where leads are lost: by previous status and by contacts made', () => {
    expect(report.losses).toEqual({
      lostLeads: 5,
      byOutcome: { CLOSED: 4, PAYMENT_FAILED: 1 },
      byPreviousStatus: [
        { lostAs: 'CLOSED', previousStatus: 'NEW_LEAD', leads: 2 },
        { lostAs: 'CLOSED', previousStatus: 'FOLLOWUP_SET', leads: 1 },
        { lostAs: 'CLOSED', previousStatus: 'PAYMENT_FAILED', leads: 1 },
        { lostAs: 'PAYMENT_FAILED', previousStatus: 'PENDING_PAYMENT', leads: 1 },
      ],
      byContactsBefore: { '0': 1, '1': 2, '2': 1, '3+': 1 },
    });
  });

  it('gives null shares and statistics for no leads at all', () => {
    const empty = analyzeLeadFunnel([]);
    expect(empty.totalLeads).toBe(0);
    expect(empty.purchaseJourneys.boughtAtOnce).toEqual({ leads: 0, shareOfConverted: null, shareOfAllLeads: null });
    expect(empty.timeToConversion).toEqual({ sampleSize: 0, convertedWithoutContact: 0, medianHours: null, p90Hours: null });
    expect(empty.conversionByFollowups.map((row) => row.conversionRate)).toEqual([null, null, null, null]);
    expect(empty.losses.lostLeads).toBe(0);
  });
});

describe('lead journey', () => {
  it('summarises the talk\'s lead 12', () => {
    expect(summarizeLeadJourney(lead12.events)).toEqual({
      leadId: '12',
      finalStatus: 'CONVERTED',
      contactCount: 2,
      followupCount: 1,
      firstContactedAt: '2020-05-20T12:32:08.240Z',
      convertedAt: '2020-05-27T12:38:44.120Z',
      loss: null,
    });
  });

  it('forgets a payment failure once the lead is converted after all', () => {
    const events = lead('R', contact(1), order(1), fail(2), contact(3), order(3), confirm(4));
    expect(summarizeLeadJourney(events)).toMatchObject({ finalStatus: 'CONVERTED', loss: null, contactCount: 2 });
  });
});

describe('percentile', () => {
  it('interpolates linearly between closest ranks', () => {
    expect(percentile([10], 0.9)).toBe(10);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([0, 10, 20, 30, 40], 0.75)).toBe(30);
    expect(percentile([0, 100], 0.25)).toBe(25);
    expect(percentile([], 0.5)).toBeNull();
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The API (and with it zod's OpenAPI extension) before any domain schema: see api/http/openapi.ts.
import { accepted, eventually, get, inDays, newLeadId, startLead, startLeadStack, type LeadStack } from './lead-api';
import { dataProductStack, type DataProductStack } from '../data-products/data-product-kit';

let stack: LeadStack;
let products: DataProductStack;
beforeAll(async () => {
  const directory = mkdtempSync(join(tmpdir(), 'lead-analytics-'));
  stack = await startLeadStack({ DATA_PRODUCTS_DIR: directory });
  // The analytical worker keeps the crm.lead-funnel data product the report is answered from. The
  // lead table's relay runs on the same database: give it the time relays take to learn of new subscribers.
  products = await dataProductStack(stack.api.deps.mongo.db, { registrationGraceMs: 6_000 }, directory);
  await products.runtime.start();
});
afterAll(async () => {
  await products?.stop();
  await stack?.stop();
});

describe('GET /analytics/leads', () => {
  it("answers the talk's questions from the crm.lead-funnel data product, now and as of an earlier instant", async () => {
    const { api } = stack;
    const before = new Date().toISOString();
    const atOnce = newLeadId('atonce');
    await startLead(api, atOnce, 'Sean', 'Callahan', '+14155551246');
    await accepted(api, `/leads/${atOnce}/contacts`);
    await accepted(api, `/leads/${atOnce}/orders`);
    await accepted(api, `/leads/${atOnce}/payment-confirmations`);

    const journey = newLeadId('journey');
    await startLead(api, journey, 'Casey', 'David', '+14155552951');
    await accepted(api, `/leads/${journey}/contacts`);
    await accepted(api, `/leads/${journey}/followups`, { followupOn: inDays(7) });
    await accepted(api, `/leads/${journey}/contacts`);
    await accepted(api, `/leads/${journey}/orders`);
    await accepted(api, `/leads/${journey}/payment-confirmations`);

    const closed = newLeadId('closed');
    await startLead(api, closed, 'Stephanie', 'Brown', '+14155551176');
    await accepted(api, `/leads/${closed}/contacts`);
    await accepted(api, `/leads/${closed}/close`, { reason: 'not interested' });

    await startLead(api, newLeadId('new'), 'Sarah', 'Estrada', '+14155554395');

    const late = newLeadId('late');
    await startLead(api, late, 'Sami', 'Calhoun', '+14155551850');
    const submitted = await accepted(api, `/leads/${late}/orders`, { paymentDeadline: new Date(Date.now() + 1_500).toISOString() });
    const submittedAt = submitted.appended[0].timestamp as string;
    const afterCommands = Date.now();

    const report = await eventually(() => get(api, '/analytics/leads'), (r) => r.status === 200 && Date.parse(r.json.freshAsOf ?? '') > afterCommands && r.json.byStatus.PAYMENT_FAILED === 1);
    expect(report.status).toBe(200);
    expect(report.json).toMatchObject({
      asOf: null,
      totalLeads: 5,
      byStatus: { NEW_LEAD: 1, FOLLOWUP_SET: 0, PENDING_PAYMENT: 0, CONVERTED: 2, PAYMENT_FAILED: 1, CLOSED: 1 },
      purchaseJourneys: { convertedLeads: 2, boughtAtOnce: { leads: 1, shareOfConverted: 0.5 }, afterLongerJourney: { leads: 1, shareOfConverted: 0.5 } },
      timeToConversion: { sampleSize: 2, convertedWithoutContact: 0 },
      losses: {
        lostLeads: 2,
        byOutcome: { CLOSED: 1, PAYMENT_FAILED: 1 },
        byPreviousStatus: [
          { lostAs: 'CLOSED', previousStatus: 'NEW_LEAD', leads: 1 },
          { lostAs: 'PAYMENT_FAILED', previousStatus: 'PENDING_PAYMENT', leads: 1 },
        ],
        byContactsBefore: { '0': 1, '1': 1, '2': 0, '3+': 0 },
      },
    });
    expect(report.json.conversionByFollowups).toEqual([
      expect.objectContaining({ followups: '0', leads: 4, converted: 1, lost: 2, open: 1 }),
      expect.objectContaining({ followups: '1', leads: 1, converted: 1, lost: 0, open: 0, conversionRate: 1 }),
      expect.objectContaining({ followups: '2', leads: 0, conversionRate: null }),
      expect.objectContaining({ followups: '3+', leads: 0 }),
    ]);

    const then = await get(api, `/analytics/leads?asOf=${encodeURIComponent(submittedAt)}`);
    expect(then.json).toMatchObject({ asOf: submittedAt, totalLeads: 5, byStatus: { PENDING_PAYMENT: 1, PAYMENT_FAILED: 0, CONVERTED: 2 } });
    const empty = await get(api, `/analytics/leads?asOf=${encodeURIComponent(before)}`);
    expect(empty.json).toMatchObject({ totalLeads: 0, purchaseJourneys: { convertedLeads: 0, boughtAtOnce: { shareOfConverted: null } } });
  });
});

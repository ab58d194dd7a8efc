import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadRequestSignal, leadWorkflowId } from '../../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import type { LeadProcessState } from '../../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { readJson, TEST_KEYS } from '../../support/api-harness';
import { accepted, eventTypes, eventually, get, inDays, newLeadId, post, startLead, startLeadStack, type LeadStack } from './lead-api';

let stack: LeadStack;
beforeAll(async () => { stack = await startLeadStack(); });
afterAll(async () => { await stack?.stop(); });

const TALK_SEQUENCE = ['lead-initialized', 'contacted', 'followup-set', 'contact-details-updated', 'contacted', 'order-submitted', 'payment-confirmed'];

describe('the talk\'s lead 12 over REST', () => {
  const leadId = newLeadId('12');
  const appendedAt: string[] = [];

  it('runs the journey and records the same event sequence; the lead is CONVERTED', async () => {
    const { api } = stack;
    const started = await startLead(api, leadId);
    expect(started).toMatchObject({ leadId, status: 'NEW_LEAD', version: 1 });
    expect(started.appended).toEqual([
      expect.objectContaining({ 'lead-id': leadId, 'event-id': 0, 'event-type': 'lead-initialized', 'first-name': 'Casey', 'last-name': 'David', 'phone-number': '+14155552951' }),
    ]);
    appendedAt.push(started.appended[0].timestamp);

    const steps: [string, unknown, string][] = [
      ['contacts', {}, 'NEW_LEAD'],
      ['followups', { followupOn: inDays(7) }, 'FOLLOWUP_SET'],
      ['contact-details', { firstName: 'Casey', lastName: 'Davis', phoneNumber: '+14155558101' }, 'FOLLOWUP_SET'],
      ['contacts', {}, 'FOLLOWUP_SET'],
      ['orders', { paymentDeadline: inDays(3) }, 'PENDING_PAYMENT'],
      ['payment-confirmations', {}, 'CONVERTED'],
    ];
    for (const [path, body, status] of steps) {
      const res = await accepted(api, `/leads/${leadId}/${path}`, body, { 'x-correlation-id': `corr-${path}` });
      expect(res.status).toBe(status);
      expect(res.appended).toHaveLength(1);
      appendedAt.push(res.appended[0].timestamp);
    }

    const history = await get(api, `/leads/${leadId}/history`);
    expect(history.status).toBe(200);
    expect(history.json.map((e: { 'event-type': string }) => e['event-type'])).toEqual(TALK_SEQUENCE);
    expect(history.json.map((e: { 'event-id': number }) => e['event-id'])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Object.keys(history.json[2])).toEqual(['lead-id', 'event-id', 'event-type', 'followup-on', 'timestamp']);
    expect(history.json[3]).toMatchObject({ 'first-name': 'Casey', 'last-name': 'Davis', 'phone-number': '+14155558101' });
    expect(history.json[6]).toMatchObject({ 'lead-id': leadId, 'event-type': 'payment-confirmed', status: 'converted' });

    const lead = await get(api, `/leads/${leadId}`);
    expect(lead.json).toMatchObject({ version: 7, asOf: null, lead: { leadId, status: 'CONVERTED', lastName: 'Davis', contactCount: 2, followupCount: 1, followupOn: null } });

    const process = (await api.deps.temporal.client.workflow.getHandle(leadWorkflowId(leadId)).result()) as LeadProcessState;
    expect(process.lead?.status).toBe('CONVERTED');
    const envelopes = await stack.store.readStream(`lead-${leadId}`);
    expect(envelopes.map((e) => e.correlationId).slice(1)).toEqual(steps.map(([path]) => `corr-${path}`));
    expect(envelopes.every((e, i) => e.timestamp.toISOString() === appendedAt[i])).toBe(true);
  });

  it('answers ?asOf between events with the state as it was then', async () => {
    const { api } = stack;
    // Workflow time stamps each event; the events of separate requests are strictly ordered.
    for (let i = 1; i < appendedAt.length; i++) expect(Date.parse(appendedAt[i] as string)).toBeGreaterThan(Date.parse(appendedAt[i - 1] as string));
    const asOf = async (at: string) => get(api, `/leads/${leadId}?asOf=${encodeURIComponent(at)}`);

    const beforeDetails = await asOf(appendedAt[2] as string);
    expect(beforeDetails.json).toMatchObject({ version: 3, lead: { status: 'FOLLOWUP_SET', lastName: 'David', phoneNumber: '+14155552951', contactCount: 1 } });
    const afterDetails = await asOf(appendedAt[3] as string);
    expect(afterDetails.json).toMatchObject({ version: 4, lead: { status: 'FOLLOWUP_SET', lastName: 'Davis', phoneNumber: '+14155558101' } });
    const pending = await asOf(new Date(Date.parse(appendedAt[6] as string) - 1).toISOString());
    expect(pending.json).toMatchObject({ version: 6, lead: { status: 'PENDING_PAYMENT', contactCount: 2 } });
    const created = await asOf(appendedAt[0] as string);
    expect(created.json).toMatchObject({ version: 1, lead: { status: 'NEW_LEAD', contactCount: 0 } });

    const before = await asOf(new Date(Date.parse(appendedAt[0] as string) - 1000).toISOString());
    expect(before.status).toBe(404);
    expect((await get(api, `/leads/${leadId}?asOf=yesterday`)).status).toBe(400);
  });

  it('refuses any command once CONVERTED (the process has finished) with 409 and the reason', async () => {
    const res = await post(stack.api, `/leads/${leadId}/contacts`);
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ type: '/problems/lead-already-converted', detail: expect.stringContaining('converted') });
    expect(await eventTypes(stack.store, leadId)).toEqual(TALK_SEQUENCE);
  });
});

describe('refused transitions', () => {
  it('answers 409 problem+json with the reason and appends nothing', async () => {
    const { api, store } = stack;
    const leadId = newLeadId('refused');
    await startLead(api, leadId, 'Sean', 'Callahan', '+14155551246');

    const notPending = await post(api, `/leads/${leadId}/payment-confirmations`);
    expect(notPending.status).toBe(409);
    expect(notPending.json).toMatchObject({ type: '/problems/payment-not-pending', status: 409, detail: expect.stringContaining('no order awaiting payment') });

    const past = await post(api, `/leads/${leadId}/followups`, { followupOn: inDays(-1) });
    expect(past.status).toBe(409);
    expect(past.json.type).toBe('/problems/followup-not-in-future');
    expect(await eventTypes(store, leadId)).toEqual(['lead-initialized']);

    await accepted(api, `/leads/${leadId}/orders`, {});
    for (const path of ['contacts', 'followups', 'orders']) {
      const body = path === 'followups' ? { followupOn: inDays(2) } : {};
      const res = await post(api, `/leads/${leadId}/${path}`, body);
      expect(res.status, path).toBe(409);
      expect(res.json.type).toBe('/problems/payment-pending');
    }
    const close = await post(api, `/leads/${leadId}/close`, { reason: 'not interested' });
    expect(close.json.type).toBe('/problems/payment-pending');
    const types = await eventTypes(store, leadId);
    expect(types).toEqual(['lead-initialized', 'order-submitted']);

    const process = await get(api, `/leads/${leadId}/process`);
    expect(process.json).toMatchObject({ leadId, version: 2, paymentDeadline: expect.any(String), lead: { status: 'PENDING_PAYMENT' } });
  });

  it('closes a lead; a closed lead refuses everything with lead-already-closed', async () => {
    const { api, store } = stack;
    const leadId = newLeadId('closed');
    await startLead(api, leadId, 'Stephanie', 'Brown', '+14155551176');
    await accepted(api, `/leads/${leadId}/contacts`);
    const closed = await accepted(api, `/leads/${leadId}/close`, { reason: 'not interested' });
    expect(closed).toMatchObject({ status: 'CLOSED', appended: [expect.objectContaining({ 'event-type': 'lead-closed', reason: 'not interested' })] });
    await api.deps.temporal.client.workflow.getHandle(leadWorkflowId(leadId)).result();

    const again = await post(api, `/leads/${leadId}/followups`, { followupOn: inDays(1) });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ type: '/problems/lead-already-closed', detail: expect.stringContaining('closed') });
    expect(await eventTypes(store, leadId)).toEqual(['lead-initialized', 'contacted', 'lead-closed']);
  });

  it('answers 404 for an unknown lead and 400 for an invalid body', async () => {
    const { api } = stack;
    expect((await post(api, '/leads/nobody-here/contacts')).status).toBe(404);
    expect((await get(api, '/leads/nobody-here')).status).toBe(404);
    expect((await get(api, '/leads/nobody-here/history')).status).toBe(404);
    expect((await get(api, '/leads/nobody-here/process')).status).toBe(404);
    const bad = await post(api, '/leads', { firstName: 'Ann', lastName: '', phoneNumber: '555-1234' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['lastName', 'phoneNumber']));
    const leadId = newLeadId('badbody');
    await startLead(api, leadId);
    expect((await post(api, `/leads/${leadId}/followups`, { followupOn: 'next week' })).status).toBe(400);
    expect((await post(api, `/leads/${leadId}/close`, {})).status).toBe(400);
  });
});

describe('starting and repeating', () => {
  it('is idempotent for the same details, 409 for other details, and generates an id when none is given', async () => {
    const { api } = stack;
    const leadId = newLeadId('idem');
    await startLead(api, leadId, 'Sarah', 'Estrada', '+14155554395');
    const repeat = await post(api, '/leads', { leadId, firstName: 'Sarah', lastName: 'Estrada', phoneNumber: '+1 415 555 4395' });
    expect(repeat.status).toBe(200);
    expect(repeat.json).toMatchObject({ leadId, status: 'NEW_LEAD', version: 1, appended: [] });
    const other = await post(api, '/leads', { leadId, firstName: 'Sarah', lastName: 'Other', phoneNumber: '+14155554395' });
    expect(other.status).toBe(409);
    expect(other.json.type).toBe('/problems/lead-already-initialized');

    const generated = await post(api, '/leads', { firstName: 'Sami', lastName: 'Calhoun', phoneNumber: '+14155551850' });
    expect(generated.status).toBe(201);
    expect(generated.json.leadId).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('applies a request repeated with the same Idempotency-Key once', async () => {
    const { api, store } = stack;
    const leadId = newLeadId('idemkey');
    await startLead(api, leadId);
    const key = { 'idempotency-key': `call-${leadId}` };
    const first = await accepted(api, `/leads/${leadId}/contacts`, {}, key);
    const second = await accepted(api, `/leads/${leadId}/contacts`, {}, key);
    expect(second.version).toBe(first.version);
    expect(await eventTypes(store, leadId)).toEqual(['lead-initialized', 'contacted']);
  });
});

describe('signals', () => {
  it('applies a fire-and-forget request and notes a refused one without failing', async () => {
    const { api, store } = stack;
    const leadId = newLeadId('signal');
    await startLead(api, leadId);
    const handle = api.deps.temporal.client.workflow.getHandle(leadWorkflowId(leadId));
    await handle.signal(leadRequestSignal, { type: 'confirm-payment', correlationId: 'corr-signal-1' });
    await handle.signal(leadRequestSignal, { type: 'record-contact', correlationId: 'corr-signal-2' });
    const process = await eventually(() => get(api, `/leads/${leadId}/process`), (r) => r.json.version === 2);
    expect(process.json.notes).toEqual([expect.stringContaining('payment-not-pending')]);
    expect(process.json.messagesHandled).toBe(3);
    const events = await store.readStream(`lead-${leadId}`);
    expect(events.map((e) => [e.type, e.correlationId])).toEqual([['lead-initialized', expect.any(String)], ['contacted', 'corr-signal-2']]);
  });
});

describe('the leads table (view)', () => {
  it('lists the current state of each lead, by status, as the projection catches up', async () => {
    const { api } = stack;
    const followup = newLeadId('table');
    await startLead(api, followup, 'Sian', 'Espinoza', '+14155556461');
    const followupOn = inDays(5);
    const set = await accepted(api, `/leads/${followup}/followups`, { followupOn });
    const row = await eventually(
      async () => ((await get(api, '/leads?status=FOLLOWUP_SET&limit=1000')).json.leads as { leadId: string; version: number }[]).find((l) => l.leadId === followup),
      (r) => r !== undefined && r.version === set.version,
    );
    expect(row).toMatchObject({ leadId: followup, firstName: 'Sian', lastName: 'Espinoza', status: 'FOLLOWUP_SET', phoneNumber: '+14155556461', followupOn, version: 2 });

    const all = await get(api, '/leads?limit=1000');
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(all.json.leads.length);
    const converted = await get(api, '/leads?status=CONVERTED');
    expect(converted.json.leads.every((l: { status: string }) => l.status === 'CONVERTED')).toBe(true);
    expect((await api.request('GET', '/leads', { key: TEST_KEYS.commands })).status).toBe(403);
    expect((await get(api, '/leads?status=WON')).status).toBe(400);
  });

  it('is a view of the one catalogue: listed in /projections beside the funnel, rebuilt through the same API', async () => {
    const { api } = stack;
    const leadId = newLeadId('rebuild');
    const started = await startLead(api, leadId, 'Remy', 'Baptiste', '+14155557788');
    const row = async () => ((await get(api, '/leads?limit=1000')).json.leads as { leadId: string; version: number }[]).find((l) => l.leadId === leadId);
    const before = await eventually(row, (r) => r?.version === started.version);

    const status = await get(api, '/projections');
    expect(status.status).toBe(200);
    expect((status.json.views as { view: string }[]).map((v) => v.view)).toEqual(expect.arrayContaining(['lead-table', 'lead-funnel']));

    for (const view of ['lead-table', 'lead-funnel']) {
      const rebuild = await api.request('POST', `/projections/${view}/rebuild`, { key: TEST_KEYS.admin });
      expect(rebuild.status).toBe(202);
      const location = rebuild.headers.get('location') as string;
      const job = await eventually(async () => readJson(await api.request('GET', location, { key: TEST_KEYS.admin })), (j) => j.status !== 'running');
      expect(job).toMatchObject({ view, status: 'completed', phase: 'switched' });
    }
    expect(await row()).toEqual(before);
  });
});

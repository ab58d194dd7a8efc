import { randomUUID } from 'node:crypto';
import { Binary } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { claimHolderChecks } from '../../../shared/app/claim-holders';
import { ClaimStore, sweepClaims, type SweepResult } from '../../../shared/platform/claims';
import { EventStore } from '../../../shared/platform/event-store';
import { orderStreamId } from '../../../shared/domain/ordering/order/order-stream';
import { finishSignal } from '../../../workflows/smoke/payload-round-trip';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { inPieces, pdfBytes } from '../../support/claim-content';
import { orderBody, placeOrder } from '../../support/orders';
import { startTestWorker } from '../../support/test-worker';

const DAY = 24 * 3_600_000;
const RETENTION = DAY;

let api: ApiHarness;
let worker: { stop: () => Promise<void> };
let claims: ClaimStore;
let store: EventStore;

beforeAll(async () => {
  api = await startApiHarness();
  worker = await startTestWorker(api.config.temporal.taskQueue, localActivityDeps(api.deps.mongo.db, api.deps.dataKeys));
  claims = new ClaimStore(api.deps.mongo.db);
  store = new EventStore(api.deps.mongo.db);
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const sweep = (now: Date): Promise<SweepResult> =>
  sweepClaims(claims, { retentionMs: RETENTION, now, checks: claimHolderChecks({ store, temporal: () => api.deps.temporal.client }) });

/** Claims of a workflow's payloads (its 300 KB input goes to the claim store). */
async function workflowClaims(workflowId: string): Promise<string[]> {
  const docs = await claims.collections.claims.find({ 'holder.id': workflowId }).toArray();
  return docs.map((d) => d._id);
}

async function exists(claimId: string): Promise<boolean> {
  return (await claims.find(claimId)) !== undefined;
}

describe('retention of unreferenced claims', () => {
  it('deletes only claims that nothing refers to any more, once past the retention', async () => {
    // Referenced by an event: an order attachment.
    const body = orderBody({ lines: [{ sku: 'NO-SUCH-SKU', quantity: 1, unitPriceCents: 100 }] });
    await placeOrder(api, body);
    while ((await store.streamHead(orderStreamId(body.orderId))) === 0) await new Promise((r) => setTimeout(r, 100));
    const uploaded = await fetch(`${api.baseUrl}/orders/${body.orderId}/attachments`, {
      method: 'POST', headers: { authorization: `Bearer ${TEST_KEYS.commands}`, 'content-type': 'application/pdf' }, body: pdfBytes(400_000),
    });
    const attached = (await readJson(uploaded)).attachment.claimId as string;

    // Uploaded for an event that was never recorded, and stored for nobody.
    const orphan = (await claims.put(inPieces(pdfBytes(300_000)), { contentType: 'application/pdf', readers: [], holder: { kind: 'event-stream', id: `order-attachments-${randomUUID()}` } })).claimId;
    const unheld = (await claims.put(inPieces(pdfBytes(1_000)), { contentType: 'application/pdf', readers: [] })).claimId;

    // Payloads of an open workflow and of a closed one.
    const { client } = api.deps.temporal;
    const start = (id: string) => client.workflow.start('payloadRoundTrip', { taskQueue: api.config.temporal.taskQueue, workflowId: id, args: ['x'.repeat(300_000)] });
    const open = await start(`retention-open-${randomUUID()}`);
    const closed = await start(`retention-closed-${randomUUID()}`);
    await closed.signal(finishSignal);
    await closed.result();
    const openClaims = await workflowClaims(open.workflowId);
    const closedClaims = await workflowClaims(closed.workflowId);
    expect(openClaims.length).toBeGreaterThan(0);
    expect(closedClaims.length).toBeGreaterThan(0);

    // An upload that died half-way: its chunks, no claim.
    const abandoned = randomUUID();
    await claims.collections.uploads.insertOne({ _id: abandoned, startedAt: new Date() });
    await claims.collections.chunks.insertMany([0, 1].map((n) => ({ _id: `${abandoned}:${n}`, data: new Binary(Buffer.alloc(10)) })));

    // Within the retention nothing goes.
    expect((await sweep(new Date())).deleted).toEqual([]);

    // Two days on: the orphans and the abandoned upload go; the closed workflow closed one
    // second ago in its own eyes (release time is real), so it stays for now.
    const backdate = async (ms: number) => {
      for (const doc of await claims.collections.claims.find({}).toArray()) await claims.collections.claims.updateOne({ _id: doc._id }, { $set: { createdAt: new Date(doc.createdAt.getTime() - ms) } });
      for (const doc of await claims.collections.uploads.find({}).toArray()) await claims.collections.uploads.updateOne({ _id: doc._id }, { $set: { startedAt: new Date(doc.startedAt.getTime() - ms) } });
    };
    await backdate(2 * DAY);
    const first = await sweep(new Date());
    expect(first.deleted.sort()).toEqual([orphan, unheld].sort());
    expect(first.abandonedUploads).toBe(1);
    expect(await claims.collections.chunks.countDocuments({ _id: { $in: [`${abandoned}:0`, `${abandoned}:1`] } })).toBe(0);
    expect(await claims.collections.chunks.countDocuments({ _id: `${orphan}:0` })).toBe(0);
    for (const id of [attached, ...openClaims, ...closedClaims]) expect(await exists(id)).toBe(true);

    // Past the retention after the close: the closed workflow's payloads go; the open one's and the attachment stay.
    const later = await sweep(new Date(Date.now() + 2 * DAY));
    expect(later.deleted.sort()).toEqual([...closedClaims].sort());
    for (const id of [attached, ...openClaims]) expect(await exists(id)).toBe(true);
    const content = await fetch(`${api.baseUrl}/claims/${attached}`, { headers: { authorization: `Bearer ${TEST_KEYS.queries}` } });
    expect(content.status).toBe(200);

    await open.signal(finishSignal);
    await open.result();
  });

  it('keeps a claim whose holder cannot be checked', async () => {
    const held = (await claims.put(inPieces(pdfBytes(1_000)), { contentType: 'application/pdf', readers: [], holder: { kind: 'workflow', id: 'wf', namespace: 'default' } })).claimId;
    const failing = await sweepClaims(claims, {
      retentionMs: RETENTION,
      now: new Date(Date.now() + 2 * DAY),
      checks: { workflow: async () => { throw new Error('Temporal unavailable'); } },
    });
    expect(failing.deleted).not.toContain(held);
    expect(await exists(held)).toBe(true);
  });
});

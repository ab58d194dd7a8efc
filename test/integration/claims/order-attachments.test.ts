import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Binary } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { ClaimLinkSigner, ClaimStore } from '../../../shared/platform/claims';
import { KeyRing } from '../../../shared/platform/crypto/key-ring';
import { EventStore } from '../../../shared/platform/event-store';
import { orderAttachmentsStreamId } from '../../../shared/domain/ordering/attachments/order-attachments-stream';
import { orderStreamId } from '../../../shared/domain/ordering/order/order-stream';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { inPieces, pdfBytes, PNG_1X1, sha256Hex } from '../../support/claim-content';
import { orderBody, placeOrder } from '../../support/orders';
import { TEST_DATA_KEYS_SPEC } from '../../support/data-keys';
import { CHUNK_SIZE } from '../../../shared/platform/claims/claim-upload';
import { startTestWorker } from '../../support/test-worker';
import { signedClaimLinks } from '../../../shared/app/public-claim-links';
import { OutboxRelay } from '../../../shared/platform/outbox/outbox-relay';
import { WebhookSubscriber } from '../../../shared/platform/webhooks/webhook-subscriber';
import { WebhookTargetPolicy } from '../../../shared/platform/webhooks/webhook-target-policy';
import { publishingSubscriber } from '../../../shared/platform/messaging/publishing-subscriber';
import { MessageTranslator } from '../../../shared/platform/messaging/message-translator';
import { publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import { driveUntil, FAST_RELAY } from '../event-store/relay-test-kit';

const MiB = 1024 * 1024;
const LIMIT = 6 * MiB;

let api: ApiHarness;
let worker: { stop: () => Promise<void> };
let claims: ClaimStore;
let events: EventStore;
let orderId: string;

beforeAll(async () => {
  api = await startApiHarness({ ATTACHMENT_MAX_BYTES: String(LIMIT) });
  worker = await startTestWorker(api.config.temporal.taskQueue, localActivityDeps(api.deps.mongo.db, api.deps.dataKeys));
  claims = new ClaimStore(api.deps.mongo.db);
  events = new EventStore(api.deps.mongo.db);
  // Any order will do: this one is rejected (unknown SKU), its stream exists.
  const body = orderBody({ lines: [{ sku: 'NO-SUCH-SKU', quantity: 1, unitPriceCents: 100 }] });
  expect((await placeOrder(api, body)).status).toBe(202);
  orderId = body.orderId;
  while ((await events.streamHead(orderStreamId(orderId))) === 0) await new Promise((r) => setTimeout(r, 100));
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const digest = (bytes: Buffer) => `sha-256=:${Buffer.from(sha256Hex(bytes), 'hex').toString('base64')}:`;

function upload(bytes: Buffer | AsyncIterable<Buffer>, contentType: string, headers: Record<string, string> = {}, key: string = TEST_KEYS.commands, order = orderId): Promise<Response> {
  return fetch(`${api.baseUrl}/orders/${order}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType, ...headers },
    body: Buffer.isBuffer(bytes) ? bytes : readableStream(bytes),
    duplex: 'half',
  } as RequestInit);
}

function readableStream(source: AsyncIterable<Buffer>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}

const download = (path: string, key?: string) => fetch(`${api.baseUrl}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});

async function stored(): Promise<{ claims: number; chunks: number; uploads: number; events: number }> {
  const { collections } = claims;
  return {
    claims: await collections.claims.countDocuments(),
    chunks: await collections.chunks.countDocuments(),
    uploads: await collections.uploads.countDocuments(),
    events: await events.streamHead(orderAttachmentsStreamId(orderId)),
  };
}

describe('order attachments through the claim store', () => {
  it('uploads 5 MiB and downloads identical bytes, checked against the declared SHA-256; the event holds only the ticket', async () => {
    const bytes = pdfBytes(5 * MiB + 3);
    const res = await upload(bytes, 'application/pdf', { 'content-digest': digest(bytes) });
    expect(res.status).toBe(201);
    const body = await readJson(res);
    expect(body.attachment).toEqual({ claimId: body.attachment.claimId, size: bytes.length, contentType: 'application/pdf', sha256: sha256Hex(bytes) });
    expect(res.headers.get('location')).toBe(`/claims/${body.attachment.claimId}`);

    const down = await download(body.links.content, TEST_KEYS.queries);
    expect(down.status).toBe(200);
    expect(down.headers.get('content-type')).toBe('application/pdf');
    expect(down.headers.get('content-digest')).toBe(digest(bytes));
    const received = Buffer.from(await down.arrayBuffer());
    expect(sha256Hex(received)).toBe(sha256Hex(bytes));
    expect(received.equals(bytes)).toBe(true);

    const [event] = await events.readStream(orderAttachmentsStreamId(orderId));
    expect(event?.type).toBe('order-attachment-added');
    expect(event?.payload).toEqual({ orderId, attachment: body.attachment });
  });

  it('takes an image with the legacy Digest header, or with none', async () => {
    const res = await upload(PNG_1X1, 'image/png', { digest: `SHA-256=${Buffer.from(sha256Hex(PNG_1X1), 'hex').toString('base64')}` });
    expect(res.status).toBe(201);
    const again = await upload(PNG_1X1, 'image/png');
    expect(again.status).toBe(201);
    const down = await download((await readJson(again)).links.content, TEST_KEYS.admin);
    expect(Buffer.from(await down.arrayBuffer()).equals(PNG_1X1)).toBe(true);
  });

  describe('bad input stores nothing', () => {
    it('over the limit, declared by Content-Length: 413 with the limit', async () => {
      const before = await stored();
      const res = await upload(pdfBytes(LIMIT + 1), 'application/pdf');
      expect(res.status).toBe(413);
      expect(await readJson(res)).toMatchObject({ type: '/problems/payload-too-large', status: 413, limitBytes: LIMIT });
      expect(await stored()).toEqual(before);
    });

    it('over the limit, streamed without a length: 413 once the limit is passed', async () => {
      const before = await stored();
      const res = await upload(inPieces(pdfBytes(LIMIT + 300_000), 100_000), 'application/pdf');
      expect(res.status).toBe(413);
      expect((await readJson(res)).limitBytes).toBe(LIMIT);
      expect(await stored()).toEqual(before);
    });

    it('content that is not of its declared type, or a type orders do not take: 415', async () => {
      const before = await stored();
      const mismatch = await upload(PNG_1X1, 'application/pdf');
      expect(mismatch.status).toBe(415);
      expect(await readJson(mismatch)).toMatchObject({ type: '/problems/content-type-mismatch', declared: 'application/pdf', detected: 'image/png' });
      expect((await upload(Buffer.from('plain text'), 'text/plain')).status).toBe(415);
      expect(await stored()).toEqual(before);
    });

    it('a Content-Digest that does not match the body: 400', async () => {
      const before = await stored();
      const bytes = pdfBytes(700_000);
      const res = await upload(bytes, 'application/pdf', { 'content-digest': digest(Buffer.from('something else')) });
      expect(res.status).toBe(400);
      expect(await readJson(res)).toMatchObject({ type: '/problems/digest-mismatch', actualSha256: sha256Hex(bytes) });
      expect((await upload(bytes, 'application/pdf', { 'content-digest': 'sha-256=:bm90IDMyIGJ5dGVz:' })).status).toBe(400);
      expect(await stored()).toEqual(before);
    });

    it('an unknown order: 404', async () => {
      const before = await stored();
      expect((await upload(PNG_1X1, 'image/png', {}, TEST_KEYS.commands, 'ord_nobody')).status).toBe(404);
      expect((await stored()).claims).toBe(before.claims);
    });
  });

  describe('reading claims', () => {
    let claimPath: string;
    let bytes: Buffer;
    beforeAll(async () => {
      bytes = pdfBytes(3 * CHUNK_SIZE + 1_000);
      claimPath = (await readJson(await upload(bytes, 'application/pdf'))).links.content as string;
    });

    it('an unknown claim is 404', async () => {
      expect((await download('/claims/00000000-0000-4000-8000-000000000000', TEST_KEYS.queries)).status).toBe(404);
    });

    it('a key without a reader scope gets 403, no key 401', async () => {
      const res = await download(claimPath, TEST_KEYS.commands);
      expect(res.status).toBe(403);
      expect((await readJson(res)).type).toBe('/problems/forbidden');
      expect((await download(claimPath)).status).toBe(401);
    });

    it('a signed link reads the content without a key until it expires; a tampered one is refused', async () => {
      const link = await api.request('POST', `${claimPath}/links`, { key: TEST_KEYS.queries });
      expect(link.status).toBe(201);
      const { url } = await readJson(link);
      const viaLink = await fetch(url.replace(api.config.claims.publicUrl, api.baseUrl));
      expect(viaLink.status).toBe(200);
      expect(Buffer.from(await viaLink.arrayBuffer()).equals(bytes)).toBe(true);

      const tampered = url.replace(api.config.claims.publicUrl, api.baseUrl).replace(/signature=.{4}/, 'signature=AAAA');
      expect((await fetch(tampered)).status).toBe(403);
      const claimId = claimPath.split('/').pop() ?? '';
      const expired = new ClaimLinkSigner(KeyRing.parse(TEST_DATA_KEYS_SPEC)).query(claimId, new Date(Date.now() - 1_000));
      const res = await fetch(`${api.baseUrl}${claimPath}?${expired}`);
      expect(res.status).toBe(403);
      expect((await readJson(res)).detail).toMatch(/expired/);
      expect((await api.request('POST', `${claimPath}/links`, { key: TEST_KEYS.commands })).status).toBe(403);
    });

    it('content that no longer matches its SHA-256 is an error, never the bytes', async () => {
      const small = pdfBytes(100_000);
      const smallPath = (await readJson(await upload(small, 'application/pdf'))).links.content as string;
      const smallId = smallPath.split('/').pop() ?? '';
      const damaged = Buffer.from(small);
      damaged[50_000] = (damaged[50_000] ?? 0) ^ 1;
      await claims.collections.chunks.updateOne({ _id: `${smallId}:0` }, { $set: { data: new Binary(damaged) } });
      const res = await download(smallPath, TEST_KEYS.queries);
      expect(res.status).toBe(500);
      expect((await readJson(res)).type).toBe('/problems/claim-corrupted');

      // Damage past the first chunk: the transfer fails instead of completing with wrong bytes.
      const claimId = claimPath.split('/').pop() ?? '';
      const chunk = Buffer.from(bytes.subarray(2 * CHUNK_SIZE, 3 * CHUNK_SIZE));
      chunk[0] = (chunk[0] ?? 0) ^ 1;
      await claims.collections.chunks.updateOne({ _id: `${claimId}:2` }, { $set: { data: new Binary(chunk) } });
      const partial = await download(claimPath, TEST_KEYS.queries);
      expect(partial.status).toBe(200);
      await expect(partial.arrayBuffer()).rejects.toThrow();
    });
  });

  it('a webhook consumer gets the ticket with a signed, expiring link it redeems without a key', async () => {
    const bytes = pdfBytes(300_000);
    const { attachment } = await readJson(await upload(bytes, 'application/pdf'));
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => { received.push(body); res.writeHead(204).end(); });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const relay = new OutboxRelay(api.deps.mongo.db, {
        ...FAST_RELAY,
        subscribers: [publishingSubscriber({
          name: 'erp-attachments',
          translator: new MessageTranslator(publicMessageCatalogue, events),
          selection: [{ type: 'ordering.order-attachment-added', version: 1 }],
          sink: new WebhookSubscriber({
            name: 'erp-attachments', url, secret: 'whsec-test', policy: new WebhookTargetPolicy({ httpAllowed: true, allowed: ['127.0.0.1'] }), prepare: signedClaimLinks(api.config),
          }),
        })],
      });
      await driveUntil([relay], () => received.some((b) => b.includes(attachment.claimId)));
      const message = JSON.parse(received.find((b) => b.includes(attachment.claimId)) ?? '{}') as LooseJson;
      expect(message.type).toBe('ordering.order-attachment-added');
      const { href, ...ticket } = message.payload.attachment as LooseJson;
      expect(ticket).toEqual(attachment);
      expect(href).toMatch(new RegExp(`^${api.config.claims.publicUrl}/claims/${attachment.claimId}\\?expires=\\d+&kid=test1&signature=`));
      const redeemed = await fetch(String(href).replace(api.config.claims.publicUrl, api.baseUrl));
      expect(redeemed.status).toBe(200);
      expect(Buffer.from(await redeemed.arrayBuffer()).equals(bytes)).toBe(true);
      const [stored] = (await events.readStream(orderAttachmentsStreamId(orderId))).filter((e) => (e.payload as LooseJson).attachment.claimId === attachment.claimId);
      expect((stored?.payload as LooseJson).attachment.href).toBeUndefined();
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

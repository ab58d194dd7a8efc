import { Binary } from 'mongodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ClaimContentTypeMismatchError,
  ClaimCorruptedError,
  ClaimDigestMismatchError,
  ClaimNotFoundError,
  ClaimStore,
  ClaimTooLargeError,
} from '../../../shared/platform/claims';
import { useTestDatabase } from '../../support/mongo';
import { inPieces, pdfBytes, PNG_1X1, sha256Hex } from '../../support/claim-content';
import { CHUNK_SIZE } from '../../../shared/platform/claims/claim-upload';

let store: ClaimStore;

beforeAll(async () => {
  const { db } = await useTestDatabase('claims');
  store = new ClaimStore(db);
});

async function collect(content: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of content) parts.push(part);
  return Buffer.concat(parts);
}

async function nothingStored(): Promise<void> {
  const { claims, chunks, uploads } = store.collections;
  expect(await claims.countDocuments()).toBe(0);
  expect(await chunks.countDocuments()).toBe(0);
  expect(await uploads.countDocuments()).toBe(0);
}

describe('claim store on the MongoDB-wire server', () => {
  it('stores content in pieces and gives back identical bytes, checked against the SHA-256', async () => {
    const bytes = pdfBytes(3 * 1024 * 1024 + 17);
    const ticket = await store.put(inPieces(bytes, 50_000), { contentType: 'application/pdf', readers: ['queries'], checkContentType: true, expectedSha256: sha256Hex(bytes) });
    expect(ticket).toEqual({ claimId: ticket.claimId, size: bytes.length, contentType: 'application/pdf', sha256: sha256Hex(bytes) });
    const { claim, content } = await store.open(ticket.claimId);
    expect(claim.readers).toEqual(['queries']);
    expect((await collect(content)).equals(bytes)).toBe(true);
    expect(await store.collections.uploads.countDocuments({ _id: ticket.claimId })).toBe(0);
  });

  it('stores empty content and content of exactly one chunk', async () => {
    for (const bytes of [Buffer.alloc(0), pdfBytes(CHUNK_SIZE)]) {
      const ticket = await store.put(inPieces(bytes), { contentType: 'application/octet-stream', readers: [] });
      expect((await store.read(ticket.claimId)).equals(bytes)).toBe(true);
      await store.delete(ticket.claimId);
    }
  });

  describe('refuses and stores nothing', () => {
    beforeEach(async () => {
      const { claims, chunks, uploads } = store.collections;
      await Promise.all([claims.deleteMany({}), chunks.deleteMany({}), uploads.deleteMany({})]);
    });

    it('content over the limit', async () => {
      const put = store.put(inPieces(pdfBytes(2 * 1024 * 1024)), { contentType: 'application/pdf', readers: [], maxBytes: 1024 * 1024 });
      await expect(put).rejects.toBeInstanceOf(ClaimTooLargeError);
      await nothingStored();
    });

    it('a SHA-256 that does not match the content', async () => {
      const put = store.put(inPieces(pdfBytes(1_500_000)), { contentType: 'application/pdf', readers: [], expectedSha256: sha256Hex(Buffer.from('other')) });
      await expect(put).rejects.toBeInstanceOf(ClaimDigestMismatchError);
      await nothingStored();
    });

    it('a declared content type the content contradicts', async () => {
      await expect(store.put(inPieces(PNG_1X1), { contentType: 'application/pdf', readers: [], checkContentType: true })).rejects.toBeInstanceOf(ClaimContentTypeMismatchError);
      await expect(store.put(inPieces(Buffer.from('MZ\x90\x00 not a pdf at all')), { contentType: 'application/pdf', readers: [], checkContentType: true })).rejects.toBeInstanceOf(ClaimContentTypeMismatchError);
      await nothingStored();
      const png = await store.put(inPieces(PNG_1X1), { contentType: 'image/png', readers: [], checkContentType: true });
      expect(png.size).toBe(PNG_1X1.length);
      await store.delete(png.claimId);
    });
  });

  it('an unknown claim is not found', async () => {
    await expect(store.open('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(ClaimNotFoundError);
    expect(await store.find('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('content that no longer matches its SHA-256 is an error, never the bytes of the damaged chunk', async () => {
    const bytes = pdfBytes(2 * CHUNK_SIZE + 1_000);
    const ticket = await store.put(inPieces(bytes), { contentType: 'application/pdf', readers: [] });
    const damaged = Buffer.from(bytes.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE));
    damaged[10] = (damaged[10] ?? 0) ^ 0xff;
    await store.collections.chunks.updateOne({ _id: `${ticket.claimId}:1` }, { $set: { data: new Binary(damaged) } });
    const { content } = await store.open(ticket.claimId);
    const served: Buffer[] = [];
    await expect((async () => { for await (const chunk of content) served.push(chunk); })()).rejects.toBeInstanceOf(ClaimCorruptedError);
    expect(served).toHaveLength(1);
    expect(served[0]?.equals(bytes.subarray(0, CHUNK_SIZE))).toBe(true);
    await expect(store.read(ticket.claimId)).rejects.toBeInstanceOf(ClaimCorruptedError);
  });

  it('a missing chunk is an error', async () => {
    const bytes = pdfBytes(CHUNK_SIZE + 1_000);
    const ticket = await store.put(inPieces(bytes), { contentType: 'application/pdf', readers: [] });
    await store.collections.chunks.deleteOne({ _id: `${ticket.claimId}:1` });
    await expect(store.read(ticket.claimId)).rejects.toThrow(/chunk 1 is missing/);
  });

  it('delete removes the claim and every chunk', async () => {
    const ticket = await store.put(inPieces(pdfBytes(1_000_000)), { contentType: 'application/pdf', readers: [] });
    expect(await store.delete(ticket.claimId)).toBe(true);
    expect(await store.find(ticket.claimId)).toBeUndefined();
    expect(await store.collections.chunks.countDocuments({ _id: { $regex: `^${ticket.claimId}:` } })).toBe(0);
    expect(await store.delete(ticket.claimId)).toBe(false);
  });
});

import { performance } from 'node:perf_hooks';
import { GridFSBucket, type Db, type ObjectId } from 'mongodb';
import { ClaimStore } from '../../shared/platform/claims';
import { TEST_KEYS, type ApiHarness } from '../../test/support/api-harness';
import { inPieces, pdfBytes, sha256Hex } from '../../test/support/claim-content';

const PIECE = 64 * 1024;

export interface TransferSample {
  readonly size: number;
  readonly gridfsWriteMs: number;
  readonly gridfsReadMs: number;
  readonly claimWriteMs: number;
  readonly claimReadMs: number;
  readonly httpUploadMs: number;
  readonly httpDownloadMs: number;
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await run();
  return [performance.now() - started, value];
}

async function drain(content: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const part of content) bytes += part.length;
  return bytes;
}

/**
 * One round of the same bytes through a raw GridFS bucket, the claim store, and the API
 * (POST /orders/{id}/attachments, GET /claims/{id}); each copy is deleted afterwards, so GridFS
 * reads from a bucket holding only this file (its best case, see growth below).
 */
export async function transferRound(api: ApiHarness, db: Db, orderId: string, size: number): Promise<TransferSample> {
  const bytes = pdfBytes(size);
  const bucket = new GridFSBucket(db, { bucketName: 'bench_gridfs' });
  const claims = new ClaimStore(db);

  const [gridfsWriteMs, fileId] = await timed(async () => {
    const upload = bucket.openUploadStream('bench.pdf');
    for await (const piece of inPieces(bytes, PIECE)) if (!upload.write(piece)) await new Promise((r) => upload.once('drain', r));
    await new Promise<void>((resolve, reject) => upload.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return upload.id;
  });
  const [gridfsReadMs, gridfsBytes] = await timed(() => drain(bucket.openDownloadStream(fileId)));
  await bucket.delete(fileId);

  const [claimWriteMs, ticket] = await timed(() => claims.put(inPieces(bytes, PIECE), { contentType: 'application/pdf', readers: [] }));
  const [claimReadMs, claimBytes] = await timed(async () => drain((await claims.open(ticket.claimId)).content));
  await claims.delete(ticket.claimId);

  const [httpUploadMs, location] = await timed(async () => {
    const res = await fetch(`${api.baseUrl}/orders/${orderId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEYS.commands}`, 'content-type': 'application/pdf', 'content-digest': `sha-256=:${Buffer.from(sha256Hex(bytes), 'hex').toString('base64')}:` },
      body: bytes,
    });
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    return res.headers.get('location') ?? '';
  });
  const [httpDownloadMs, httpBytes] = await timed(async () => {
    const res = await fetch(`${api.baseUrl}${location}`, { headers: { authorization: `Bearer ${TEST_KEYS.queries}` } });
    return Buffer.from(await res.arrayBuffer()).length;
  });
  for (const n of [gridfsBytes, claimBytes, httpBytes]) if (n !== size) throw new Error(`read ${n} bytes of ${size}`);
  return { size, gridfsWriteMs, gridfsReadMs, claimWriteMs, claimReadMs, httpUploadMs, httpDownloadMs };
}

/** Reading one 1 MiB file while `others` more sit in the same GridFS bucket / claim store. */
export async function growthRound(db: Db, others: number): Promise<{ others: number; gridfsReadMs: number; claimReadMs: number }> {
  const bucket = new GridFSBucket(db, { bucketName: 'bench_growth' });
  const claims = new ClaimStore(db);
  const bytes = pdfBytes(1024 * 1024);
  const gridIds: ObjectId[] = [];
  const claimIds: string[] = [];
  for (let i = 0; i <= others; i++) {
    const upload = bucket.openUploadStream(`f${i}.pdf`);
    await new Promise<void>((resolve, reject) => upload.end(bytes, (err?: Error | null) => (err ? reject(err) : resolve())));
    gridIds.push(upload.id);
    claimIds.push((await claims.put(inPieces(bytes, PIECE), { contentType: 'application/pdf', readers: [] })).claimId);
  }
  // The first file stored: GridFS's chunk query scans every chunk in the bucket to find its five.
  const [gridfsReadMs] = await timed(() => drain(bucket.openDownloadStream(gridIds[0] as ObjectId)));
  const [claimReadMs] = await timed(async () => drain((await claims.open(claimIds[0] as string)).content));
  for (const id of gridIds) await bucket.delete(id);
  for (const id of claimIds) await claims.delete(id);
  return { others, gridfsReadMs, claimReadMs };
}

import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { ClaimStore } from '../../../shared/platform/claims';
import { PayloadEncryptionCodec } from '../../../shared/platform/temporal';
import { KeyRing } from '../../../shared/platform/crypto/key-ring';
import { appendContentSignal, contentQuery, finishSignal, replaceContentUpdate } from '../../../workflows/smoke/payload-round-trip';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { historyPayloads, metadataText } from '../../support/history-payloads';
import { startTestWorker } from '../../support/test-worker';
import { TEST_DATA_KEYS_SPEC } from '../../support/data-keys';
import { testDataConverter } from '../../support/test-data-converter';

const MiB = 1024 * 1024;
const REFERENCE = 'temporal.api.sdk.v1.ExternalStorageReference';
/** Text a reader of the raw history or of the claim store must not find. */
const MARKER = 'Ada Lovelace, 12 Analytical Engine Row';

let api: ApiHarness;
let worker: { stop: () => Promise<void> };
let claims: ClaimStore;

beforeAll(async () => {
  api = await startApiHarness();
  worker = await startTestWorker(api.config.temporal.taskQueue, localActivityDeps(api.deps.mongo.db, api.deps.dataKeys));
  claims = new ClaimStore(api.deps.mongo.db);
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const content = (bytes: number) => `${MARKER} ${randomBytes(Math.ceil(bytes * 0.75)).toString('base64')}`.slice(0, bytes);

describe('Temporal payloads through the claim store, encrypted', () => {
  it('a 5 MiB workflow input (over the server limit) round-trips with the history holding only references', async () => {
    const { client } = api.deps.temporal;
    const input = content(5 * MiB);
    const handle = await client.workflow.start('payloadRoundTrip', { taskQueue: api.config.temporal.taskQueue, workflowId: `payload-${randomUUID()}`, args: [input] });

    await handle.signal(appendContentSignal, content(3 * MiB));
    const replaced = await handle.executeUpdate(replaceContentUpdate, { args: [content(3 * MiB)] });
    expect(replaced.length).toBe(8 * MiB);
    expect(replaced.startsWith(input)).toBe(true);
    expect((await handle.query(contentQuery)).length).toBe(3 * MiB);
    await handle.signal(finishSignal);
    expect((await handle.result()).length).toBe(3 * MiB);

    const history = await handle.fetchHistory();
    const payloads = historyPayloads(history);
    const references = payloads.filter((p) => metadataText(p, 'messageType') === REFERENCE);
    // input, signal, update argument and result, workflow result
    expect(references.length).toBeGreaterThanOrEqual(5);
    const start = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(start && metadataText(start, 'messageType')).toBe(REFERENCE);
    expect(Math.max(...payloads.map((p) => p.data?.length ?? 0))).toBeLessThan(1024);
    const claimIds = references.map((r) => (JSON.parse(Buffer.from(r.data ?? []).toString()) as { claimData: { claimId: string } }).claimData.claimId);
    for (const claimId of claimIds) {
      const claim = await claims.find(claimId);
      expect(claim?.holder).toEqual({ kind: 'workflow', id: handle.workflowId, namespace: 'default' });
      expect(claim?.readers).toEqual([]);
    }
  });

  it('without the claim store an input over the 2 MiB payload limit is refused by the server', async () => {
    const connection = await Connection.connect({ address: api.config.temporal.address });
    try {
      // 3 MiB: refused at once (5 MiB is over gRPC's 4 MiB message limit, which the client retries for a while).
      const plain = new Client({ connection, dataConverter: { payloadCodecs: [new PayloadEncryptionCodec(KeyRing.parse(TEST_DATA_KEYS_SPEC))] } });
      const refusal = await plain.workflow.start('payloadRoundTrip', { taskQueue: 'nobody-polls', workflowId: `payload-${randomUUID()}`, args: [content(3 * MiB)] }).then(() => undefined, (err: unknown) => err);
      expect(String((refusal as { cause?: unknown } | undefined)?.cause)).toMatch(/exceeds limit/i);
    } finally {
      await connection.close();
    }
  });

  it('encrypts every payload: nothing readable in the raw history nor in the stored claims, and it replays with the production converter', async () => {
    const { client } = api.deps.temporal;
    const small = `${MARKER}, card on file`;
    const large = content(300 * 1024);
    const handle = await client.workflow.start('payloadRoundTrip', { taskQueue: api.config.temporal.taskQueue, workflowId: `payload-${randomUUID()}`, args: [small] });
    await handle.signal(appendContentSignal, large);
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe(small + large);

    const history = await handle.fetchHistory();
    const payloads = historyPayloads(history);
    expect(payloads.length).toBeGreaterThan(0);
    for (const p of payloads) {
      expect(Buffer.from(p.data ?? []).includes(MARKER)).toBe(false);
      expect([metadataText(p, 'encoding'), metadataText(p, 'messageType')]).toSatisfy(([encoding, type]: (string | undefined)[]) => encoding === 'binary/encrypted' || type === REFERENCE);
    }
    const encrypted = payloads.filter((p) => metadataText(p, 'encoding') === 'binary/encrypted');
    expect(encrypted.every((p) => metadataText(p, 'encryption-key-id') === 'test1')).toBe(true);
    const reference = payloads.find((p) => metadataText(p, 'messageType') === REFERENCE);
    const { claimId } = (JSON.parse(Buffer.from(reference?.data ?? []).toString()) as { claimData: { claimId: string } }).claimData;
    expect((await claims.read(claimId)).includes(MARKER)).toBe(false);

    await Worker.runReplayHistory(
      { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH ?? '' }, dataConverter: testDataConverter(api.deps.mongo.db) },
      history,
      handle.workflowId,
    );
  });
});

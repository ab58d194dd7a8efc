import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { codecEndpointToken } from '../../../api/routes/codec/codec-endpoint-token';
import { appendContentSignal, finishSignal } from '../../../workflows/smoke/payload-round-trip';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { historyPayloads, metadataText } from '../../support/history-payloads';
import { startTestWorker } from '../../support/test-worker';

const MARKER = 'Grace Hopper, 1 Compiler Lane';
const REFERENCE = 'temporal.api.sdk.v1.ExternalStorageReference';
const TEMPORAL = join(process.env.SAGA_TOOLS_DIR ?? new URL('../../../.tools', import.meta.url).pathname, 'venv/bin/temporal');

let api: ApiHarness;
let worker: { stop: () => Promise<void> };
let workflowId: string;
let inline: Payload;
let reference: Payload;
const large = `${MARKER} ${randomBytes(200_000).toString('base64')}`;

beforeAll(async () => {
  api = await startApiHarness();
  worker = await startTestWorker(api.config.temporal.taskQueue, localActivityDeps(api.deps.mongo.db, api.deps.dataKeys));
  workflowId = `payload-${randomUUID()}`;
  const handle = await api.deps.temporal.client.workflow.start('payloadRoundTrip', { taskQueue: api.config.temporal.taskQueue, workflowId, args: [MARKER] });
  await handle.signal(appendContentSignal, large);
  await handle.signal(finishSignal);
  await handle.result();
  const payloads = historyPayloads(await handle.fetchHistory());
  inline = payloads.find((p) => metadataText(p, 'encoding') === 'binary/encrypted') as Payload;
  reference = payloads.find((p) => metadataText(p, 'messageType') === REFERENCE) as Payload;
  expect(inline && reference).toBeTruthy();
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const text = (json: LooseJson, field = 'data') => Buffer.from(String(json[field]), 'base64').toString('utf8');

function codec(path: string, payloads: unknown[], headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.baseUrl}/codec${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: JSON.stringify({ payloads }),
  });
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('codec server for the Temporal Web UI and CLI', () => {
  it('decodes an encrypted payload of the history to the original JSON', async () => {
    expect(Buffer.from(inline.data ?? []).includes(MARKER)).toBe(false);
    const res = await codec('/decode', [toJson(inline)], bearer(TEST_KEYS.queries));
    expect(res.status).toBe(200);
    const [decoded] = (await readJson(res)).payloads as LooseJson[];
    expect(text(decoded?.metadata, 'encoding')).toBe('json/plain');
    expect(JSON.parse(text(decoded ?? {}))).toBe(MARKER);
  });

  it('keeps storage references when the Web UI asks, fetches them otherwise and on download', async () => {
    const kept = await readJson(await codec('/decode?preserveStorageRefs=true', [toJson(reference)], bearer(TEST_KEYS.queries)));
    expect(kept.payloads[0]).toEqual(toJson(reference));
    for (const path of ['/decode', '/download']) {
      const res = await readJson(await codec(path, [toJson(reference)], bearer(TEST_KEYS.queries)));
      expect(JSON.parse(text(res.payloads[0]))).toBe(large);
    }
  });

  it('encodes what it decodes back', async () => {
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify(MARKER)).toString('base64') };
    const encoded = (await readJson(await codec('/encode', [plain], bearer(TEST_KEYS.commands)))).payloads[0] as LooseJson;
    expect(text(encoded.metadata, 'encoding')).toBe('binary/encrypted');
    expect(text(encoded.metadata, 'encryption-key-id')).toBe('test1');
    const decoded = (await readJson(await codec('/decode', [encoded], bearer(TEST_KEYS.queries)))).payloads[0];
    expect(decoded).toEqual(plain);
  });

  it('is authenticated: no key 401, a key without the scope 403, a tampered payload 422', async () => {
    expect((await codec('/decode', [toJson(inline)])).status).toBe(401);
    expect((await codec('/decode', [toJson(inline)], bearer('not-a-key-of-this-api'))).status).toBe(401);
    expect((await codec('/decode', [toJson(inline)], bearer(TEST_KEYS.commands))).status).toBe(403);
    expect((await codec('/encode', [toJson(inline)], bearer(TEST_KEYS.queries))).status).toBe(403);
    const tampered = toJson(inline);
    tampered.data = Buffer.from(Buffer.from(tampered.data, 'base64').map((b, i) => (i === 20 ? b ^ 1 : b))).toString('base64');
    expect((await codec('/decode', [tampered], bearer(TEST_KEYS.queries))).status).toBe(422);
    expect((await codec('/decode', [{ data: 42 }], bearer(TEST_KEYS.queries))).status).toBe(400);
  });

  it('serves the Web UI through a token in the path, derived from an API key', async () => {
    const token = codecEndpointToken(TEST_KEYS.all);
    const res = await codec(`/ui/${token}/decode?preserveStorageRefs=true`, [toJson(inline)]);
    expect(res.status).toBe(200);
    expect(JSON.parse(text((await readJson(res)).payloads[0]))).toBe(MARKER);
    expect((await codec(`/ui/${codecEndpointToken('someone-elses-key-000')}/decode`, [toJson(inline)])).status).toBe(401);
    expect((await codec(`/ui/${codecEndpointToken(TEST_KEYS.commands)}/decode`, [toJson(inline)])).status).toBe(403);
  });

  it('answers the CORS preflight for the Web UI origin only', async () => {
    const preflight = (origin: string) => fetch(`${api.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
    });
    const ui = await preflight('http://localhost:8233');
    expect(ui.status).toBe(204);
    expect(ui.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    expect(ui.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
    expect(ui.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('decodes for the temporal CLI (--codec-endpoint, --codec-auth)', async () => {
    const { stdout } = await promisify(execFile)(TEMPORAL, [
      'workflow', 'show', '--workflow-id', workflowId, '--address', api.config.temporal.address, '--output', 'json',
      '--codec-endpoint', `${api.baseUrl}/codec`, '--codec-auth', `Bearer ${TEST_KEYS.queries}`,
    ], { maxBuffer: 64 * 1024 * 1024 });
    // JSON output shows payloads as proto JSON: the input's data is the base64 of its JSON.
    expect(stdout).toContain(Buffer.from(JSON.stringify(MARKER)).toString('base64'));
    expect(stdout).not.toContain(Buffer.from('binary/encrypted').toString('base64'));
  });
});

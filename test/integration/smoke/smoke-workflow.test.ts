import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { startTestWorker } from '../../support/test-worker';
import { localActivityDeps } from '../../../activities/local-providers';

let api: ApiHarness;
let worker: { stop: () => Promise<void> };
beforeAll(async () => {
  api = await startApiHarness();
  worker = await startTestWorker(api.config.temporal.taskQueue, localActivityDeps(api.deps.mongo.db, api.deps.dataKeys));
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

describe('POST /smoke', () => {
  it('runs a workflow whose activity writes a document to MongoDB', async () => {
    const res = await api.request('POST', '/smoke', { key: TEST_KEYS.commands, body: { note: 'wired' }, headers: { 'x-correlation-id': 'smoke-corr-1' } });
    expect(res.status).toBe(201);
    const body = await readJson(res);
    expect(body.workflowId).toMatch(/^smoke-/);
    expect(body.webUiUrl).toContain(`/workflows/${body.workflowId}`);

    const doc = await api.deps.mongo.db.collection<{ _id: string }>('smoke_checks').findOne({ _id: body.documentId });
    expect(doc).toMatchObject({ note: 'wired', correlationId: 'smoke-corr-1', runId: body.runId });

    const description = await api.deps.temporal.client.workflow.getHandle(body.workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.type).toBe('smokeCheck');
  });
});

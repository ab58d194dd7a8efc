import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { expect } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import type { EventStore } from '../../../shared/platform/event-store';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { startTestWorker } from '../../support/test-worker';
// After the API harness: the API extends zod with OpenAPI before the domain's schemas are built.
import { startTestProjector } from '../read-side/read-side-kit';

/** The API, a worker and the projector (the lead table and funnel are views of its catalogue) on one database of their own. */
export interface LeadStack {
  readonly api: ApiHarness;
  readonly store: EventStore;
  readonly readDb: Db;
  stop(): Promise<void>;
}

export async function startLeadStack(env: Record<string, string> = {}): Promise<LeadStack> {
  const api = await startApiHarness({ MONGODB_READ_DB: `read_${randomUUID().slice(0, 8)}`, ...env });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  const worker = await startTestWorker(api.config.temporal.taskQueue, deps);
  const readDb = api.deps.mongo.client.db(api.config.mongo.readDbName);
  const projector = startTestProjector(api.deps.mongo.db, readDb);
  await projector.start();
  await projector.whenBootstrapped();
  return {
    api,
    store: deps.eventStore,
    readDb,
    async stop() {
      await projector.stop();
      await worker.stop();
      await readDb.dropDatabase().catch(() => undefined);
      await api.close();
    },
  };
}

export const newLeadId = (label = 'lead'): string => `${label}-${randomUUID().slice(0, 8)}`;

export async function post(api: ApiHarness, path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<{ status: number; json: LooseJson }> {
  const res = await api.request('POST', path, { key: TEST_KEYS.commands, body, headers });
  return { status: res.status, json: await readJson(res) };
}

export async function get(api: ApiHarness, path: string): Promise<{ status: number; json: LooseJson }> {
  const res = await api.request('GET', path, { key: TEST_KEYS.queries });
  return { status: res.status, json: await readJson(res) };
}

/** POST that must be accepted (200/201); returns the body. */
export async function accepted(api: ApiHarness, path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<LooseJson> {
  const { status, json } = await post(api, path, body, headers);
  expect([200, 201], JSON.stringify(json)).toContain(status);
  return json;
}

export async function startLead(api: ApiHarness, leadId: string, firstName = 'Casey', lastName = 'David', phoneNumber = '+1 (415) 555-2951'): Promise<LooseJson> {
  const res = await post(api, '/leads', { leadId, firstName, lastName, phoneNumber });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

export const inDays = (days: number): string => new Date(Date.now() + days * 24 * 60 * 60_000).toISOString();

export async function eventTypes(store: EventStore, leadId: string): Promise<string[]> {
  return (await store.readStream(`lead-${leadId}`)).map((e) => e.type);
}

/** Polls until `done` holds (the test runner's timeout bounds it). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { testDataConverter } from '../support/test-data-converter';

const HISTORIES = new URL('./histories/', import.meta.url).pathname;

export interface RecordedHistory {
  readonly workflowId: string;
  readonly history: unknown;
}

/** Every recorded history of one workflow (folder per workflow, one JSON file per scenario). */
export function recordedHistories(workflow: string): RecordedHistory[] {
  const dir = join(HISTORIES, workflow);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ workflowId: `${workflow}/${f.replace(/\.json$/, '')}`, history: JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown }));
}

/**
 * Replays histories with the production bundle and the production data converter (the codec
 * under the test key ring the histories were recorded with; referenced claims from MONGODB_URI,
 * connected only if a history holds a reference).
 */
export async function replay(histories: RecordedHistory[], options: Partial<ReplayWorkerOptions> = {}): Promise<{ workflowId: string; error?: unknown }[]> {
  const results: { workflowId: string; error?: unknown }[] = [];
  const bundlePath = process.env.WORKFLOW_BUNDLE_PATH;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/');
  const withConverter = { dataConverter: testDataConverter(mongo.db('replay')), ...options };
  const replayOptions: ReplayWorkerOptions = bundlePath && !options.workflowsPath ? { workflowBundle: { codePath: bundlePath }, ...withConverter } : withConverter;
  try {
    for await (const result of Worker.runReplayHistories(replayOptions, histories)) {
      results.push({ workflowId: result.workflowId, ...(result.error ? { error: result.error } : {}) });
    }
  } finally {
    await mongo.close();
  }
  return results;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFile } from 'node:fs/promises';
import { WORKFLOWS_PATH } from '../shared/app/saga-worker';
import { startFerretDb, startTemporalDevServer, type RunningServer } from './support/servers';
import { findSecretsInLogs } from './support/log-secrets';

/**
 * Starts the real servers once for the whole run: an ephemeral Temporal dev server and FerretDB
 * on free ports, unless TEMPORAL_ADDRESS / MONGODB_URI name servers to use. Bundles the workflows
 * once so every test worker starts fast. Children inherit the environment set here.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const started: RunningServer[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'saga-test-'));
  // Every log the run's processes write (API harnesses, spawned workers): scanned for secrets at the end.
  const logDir = mkdtempSync(join(tmpdir(), 'saga-test-logs-'));
  process.env.SAGA_TEST_LOG_DIR = logDir;
  try {
    if (!process.env.TEMPORAL_ADDRESS) {
      const temporal = await startTemporalDevServer();
      started.push(temporal);
      process.env.TEMPORAL_ADDRESS = temporal.address;
    }
    if (!process.env.MONGODB_URI) {
      const ferret = await startFerretDb();
      started.push(ferret);
      process.env.MONGODB_URI = ferret.address;
      process.env.TEST_FERRETDB_PORT = String(ferret.port);
    }
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
    const bundlePath = join(dir, 'workflow-bundle.js');
    await writeFile(bundlePath, code);
    process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
  return async () => {
    await Promise.allSettled(started.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
    const findings = findSecretsInLogs(logDir);
    if (findings.length > 0) {
      throw new Error(`secrets in the test run's logs (kept in ${logDir}):\n${findings.slice(0, 20).map((f) => `  ${f.file}:${f.line} ${f.kind}`).join('\n')}`);
    }
    rmSync(logDir, { recursive: true, force: true });
  };
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };

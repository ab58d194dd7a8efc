import { createServer } from 'node:net';
import type { TelemetryOptions } from '@temporalio/worker';

/**
 * The Temporal engine's own metrics (task latencies, slots, sticky cache, polls), which the SDK's
 * core exports for Prometheus on an address of its own. The worker binds it to a free loopback
 * port and serves it behind its one `/metrics` (see `engineMetricsText`), so Prometheus scrapes
 * one authenticated endpoint per process.
 */
export async function engineTelemetry(): Promise<{ telemetryOptions: TelemetryOptions; bindAddress: string }> {
  const bindAddress = `127.0.0.1:${await freeLoopbackPort()}`;
  return {
    bindAddress,
    telemetryOptions: { metrics: { prometheus: { bindAddress, countersTotalSuffix: true, useSecondsForDurations: true } } },
  };
}

/** The engine's current exposition text; a comment line instead while it does not answer. */
export function engineMetricsText(bindAddress: string): () => Promise<string> {
  return async () => {
    try {
      const res = await fetch(`http://${bindAddress}/metrics`, { signal: AbortSignal.timeout(2_000) });
      return res.ok ? await res.text() : `# temporal engine metrics unavailable: ${res.status}\n`;
    } catch {
      return '# temporal engine metrics unavailable\n';
    }
  };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

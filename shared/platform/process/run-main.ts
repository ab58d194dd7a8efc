import { ConfigError } from './config-error';

/**
 * Runs a process's main function and turns start-up failures into one line with the cause
 * and a fix, instead of a stack trace. Unexpected errors still print their stack.
 */
export async function runMain(name: string, main: () => Promise<void>, hints: { readonly unreachable?: string } = {}): Promise<void> {
  try {
    await main();
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof ConfigError) {
      console.error(`${name}: ${err.message}\n  fix: correct these environment variables (see README, Configuration)`);
    } else if ((err as { code?: string }).code === 'EADDRINUSE') {
      console.error(`${name}: a port it needs is in use (${(err as Error).message})\n  fix: stop the other process or choose another port (PORT, RELAY_METRICS_PORT, PROJECTOR_METRICS_PORT; see README)`);
    } else if (isConnectionRefused(err)) {
      console.error(`${name}: cannot reach a server (${(err as Error).message})\n  fix: ${hints.unreachable ?? "start the stack with 'npm run stack:up' or check TEMPORAL_ADDRESS / MONGODB_URI"}`);
    } else {
      console.error(`${name}: failed:`, err);
    }
  }
}

function isConnectionRefused(err: unknown): boolean {
  // fetch and the drivers wrap the socket's error: look through the causes.
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const text = e instanceof Error ? `${e.name} ${e.message} ${(e as NodeJS.ErrnoException).code ?? ''}` : String(e);
    if (/ECONNREFUSED|MongoServerSelectionError|TransportError|failed to connect|Connection refused/i.test(text)) return true;
  }
  return false;
}

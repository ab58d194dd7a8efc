import { serviceNameOf, startTracing } from './tracing';

/**
 * This process's tracing (undefined while off). Entry files import this module first, so that
 * the SDK is started before the MongoDB driver is loaded (ES modules evaluate imports in order).
 */
export const processTracing = startTracing({ serviceName: serviceNameOf(process.argv[1]) });

if (processTracing) {
  // Spans still buffered are sent before the process ends.
  process.once('beforeExit', () => { void processTracing?.shutdown(); });
}

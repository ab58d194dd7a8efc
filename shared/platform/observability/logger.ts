import { pino, type DestinationStream, type Logger } from 'pino';
import { logContextFields } from './log-context';
import { REDACT_PATHS, REDACTION_CENSOR } from './redaction';

export type { Logger };

/**
 * The platform's logger: JSON lines, the service's name on each, the trace id and the context's
 * correlation id where they exist (log-context.ts), secrets redacted (redaction.ts).
 */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = { name, level, base: { service: name }, mixin: logContextFields, redact: { paths: [...REDACT_PATHS], censor: REDACTION_CENSOR } };
  return destination ? pino(options, destination) : pino(options);
}

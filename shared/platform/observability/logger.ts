import { pino, type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS, REDACTION_CENSOR } from './redaction';

export type { Logger };

/** The platform's logger: JSON lines, the service's name on each, secrets redacted (redaction.ts). */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = { name, level, base: { service: name }, redact: { paths: [...REDACT_PATHS], censor: REDACTION_CENSOR } };
  return destination ? pino(options, destination) : pino(options);
}

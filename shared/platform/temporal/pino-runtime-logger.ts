import { DefaultLogger, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * The Temporal runtime's logger writing through the process's pino logger: the SDK's lines, and
 * the workflows' and activities' own (`log` / `Context.log`), become JSON lines with their
 * workflow id, run id, activity id and task queue as fields, redacted like every other line.
 */
export function pinoRuntimeLogger(logger: Logger, level: LogLevel): DefaultLogger {
  return new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
    logger[PINO_LEVEL[entryLevel]]({ ...meta }, message);
  });
}

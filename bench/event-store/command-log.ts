import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, Document, MongoClient } from 'mongodb';

export interface CommandStat {
  /** `<command> <collection>`, e.g. `find event_commits`. */
  readonly command: string;
  readonly calls: number;
  /** Driver-measured time (round trip + server work), summed. */
  readonly totalMs: number;
  /** Write errors in the replies (duplicate keys: lost races). */
  readonly writeErrors: number;
}

const IGNORED = new Set(['hello', 'ismaster', 'isMaster', 'endSessions', 'ping', 'buildInfo']);

/**
 * Counts the commands a client sends while recording (command monitoring), with their
 * durations: how many round trips an operation costs and where its time goes.
 */
export class CommandLog {
  private recording = false;
  private readonly started = new Map<number, string>();
  private stats = new Map<string, { calls: number; totalMs: number; writeErrors: number }>();

  constructor(client: MongoClient) {
    client.on('commandStarted', (e: CommandStartedEvent) => {
      if (!this.recording || IGNORED.has(e.commandName)) return;
      const target: unknown = e.command[e.commandName];
      this.started.set(e.requestId, typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName);
    });
    client.on('commandSucceeded', (e: CommandSucceededEvent) => this.finish(e.requestId, e.duration, writeErrorCount(e.reply)));
    client.on('commandFailed', (e: CommandFailedEvent) => this.finish(e.requestId, e.duration, 0));
  }

  /** Clears the counts and records from now on. */
  start(): void {
    this.stats = new Map();
    this.started.clear();
    this.recording = true;
  }

  stop(): CommandStat[] {
    this.recording = false;
    return [...this.stats.entries()].map(([command, s]) => ({ command, ...s })).sort((a, b) => b.totalMs - a.totalMs);
  }

  private finish(requestId: number, durationMs: number, writeErrors: number): void {
    const command = this.started.get(requestId);
    if (command === undefined) return;
    this.started.delete(requestId);
    const stat = this.stats.get(command) ?? { calls: 0, totalMs: 0, writeErrors: 0 };
    stat.calls += 1;
    stat.totalMs += durationMs;
    stat.writeErrors += writeErrors;
    this.stats.set(command, stat);
  }
}

function writeErrorCount(reply: unknown): number {
  const errors: unknown = (reply as Document | undefined)?.writeErrors;
  return Array.isArray(errors) ? errors.length : 0;
}

export function totalCalls(stats: readonly CommandStat[]): number {
  return stats.reduce((n, s) => n + s.calls, 0);
}

import { MongoClient, type Db } from 'mongodb';
import { CommandLog } from './command-log';
import type { BenchConfig } from './config';
import type { Target } from './servers';

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/** Everything a section needs to run against one server. */
export interface TargetContext {
  readonly target: Target;
  readonly config: BenchConfig;
  /** For timings: no command monitoring. */
  readonly client: MongoClient;
  /** With command monitoring, for round-trip counts (`commands`). */
  readonly monitored: MongoClient;
  readonly commands: CommandLog;
  log(message: string): void;
  /** A fresh database (same name on both clients), dropped afterwards. */
  withDatabase<T>(name: string, fn: (db: Db, monitoredDb: Db) => Promise<T>): Promise<T>;
}

export interface SectionResult {
  readonly rows: Row[];
  readonly notes: string[];
}

/** One table of the report; `run` is called once per target, targets side by side. */
export interface Section {
  readonly key: string;
  readonly title: string;
  readonly columns: readonly string[];
  /** Notes printed once under the table whatever the targets (e.g. how to read it). */
  readonly legend?: readonly string[];
  run(ctx: TargetContext): Promise<SectionResult>;
}

export async function openContext(target: Target, config: BenchConfig): Promise<TargetContext & { close(): Promise<void> }> {
  const client = new MongoClient(target.uri, { serverSelectionTimeoutMS: 20_000, maxPoolSize: 100 });
  const monitored = new MongoClient(target.uri, { serverSelectionTimeoutMS: 20_000, maxPoolSize: 100, monitorCommands: true });
  await client.connect();
  await monitored.connect();
  const commands = new CommandLog(monitored);
  const started = Date.now();
  return {
    target,
    config,
    client,
    monitored,
    commands,
    log: (message) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s ${target.name}] ${message}\n`),
    async withDatabase(name, fn) {
      const dbName = `bench_${name}`;
      const db = client.db(dbName);
      await db.dropDatabase().catch(() => undefined);
      try {
        return await fn(db, monitored.db(dbName));
      } finally {
        await db.dropDatabase().catch(() => undefined);
      }
    },
    async close() {
      await Promise.allSettled([client.close(), monitored.close()]);
    },
  };
}

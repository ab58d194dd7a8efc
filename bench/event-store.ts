/**
 * Event-store benchmark (issue 3): `npx tsx bench/event-store.ts [--quick] [--only append,load,...] [--out file.json]`.
 * Starts its own throw-away FerretDB servers (SQLite backend; PostgreSQL backend on its own
 * PostgreSQL), plus the MONGODB_URI server when set, runs every section on each server one after
 * the other (so backends are compared minutes apart, not hours), prints tables and writes
 * bench/results/event-store.json. See bench/README.md for how to read the numbers.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendRoundTrips } from './event-store/append-round-trips';
import { appendThroughput } from './event-store/append-throughput';
import { FULL, QUICK } from './event-store/config';
import { contendedAppend } from './event-store/contended-append';
import { openContext, type Section, type SectionResult } from './event-store/context';
import { emmettComparison } from './event-store/emmett-comparison';
import { readGrowth } from './event-store/read-growth';
import { relayDelivery } from './event-store/relay-delivery';
import { mergeSection, renderSection, writeJson, type SectionReport } from './event-store/report';
import { externalMongoDb, startFerretDbPostgres, startFerretDbSqlite, type Target } from './event-store/servers';
import { streamLoad } from './event-store/stream-load';
import { backendSummary } from './event-store/summary';

const SECTIONS: readonly Section[] = [appendThroughput, appendRoundTrips, contendedAppend, streamLoad, relayDelivery, readGrowth, emmettComparison];

interface Args {
  readonly quick: boolean;
  readonly only?: Set<string>;
  readonly out?: string;
}

function parseArgs(argv: readonly string[]): Args {
  let quick = false;
  let only: Set<string> | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--quick') quick = true;
    else if (arg === '--only' && argv[i + 1]) only = new Set((argv[++i] as string).split(','));
    else if (arg.startsWith('--only=')) only = new Set(arg.slice('--only='.length).split(','));
    else if (arg === '--out' && argv[i + 1]) out = argv[++i] as string;
    else {
      process.stderr.write(`usage: npx tsx bench/event-store.ts [--quick] [--only ${SECTIONS.map((s) => s.key).join(',')}] [--out file.json]\n`);
      process.exit(2);
    }
  }
  return { quick, ...(only ? { only } : {}), ...(out ? { out } : {}) };
}

/** A full run writes event-store.json; smoke and partial runs write beside it, never over it. */
function resultFile({ quick, only, out }: Args): string {
  if (out) return resolve(out);
  const suffix = quick ? '.quick' : only ? '.partial' : '';
  return fileURLToPath(new URL(`results/event-store${suffix}.json`, import.meta.url));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { quick, only } = args;
  const config = quick ? QUICK : FULL;
  const sections = SECTIONS.filter((s) => !only || only.has(s.key));
  const startedAt = new Date();
  const targets: Target[] = [];
  const stopAll = () => Promise.allSettled(targets.map((t) => t.stop()));
  const onSignal = () => void stopAll().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    process.stderr.write('starting servers ...\n');
    targets.push(await startFerretDbSqlite());
    targets.push(await startFerretDbPostgres());
    if (process.env.MONGODB_URI) targets.push(externalMongoDb(process.env.MONGODB_URI));
    const contexts = await Promise.all(targets.map((t) => openContext(t, config)));
    const reports: SectionReport[] = [];
    try {
      for (const section of sections) {
        const results: SectionResult[] = [];
        for (const ctx of contexts) {
          try {
            results.push(await section.run(ctx));
          } catch (err) {
            ctx.log(`${section.key} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
            results.push({ rows: [], notes: [`${ctx.target.name}: FAILED: ${err instanceof Error ? err.message : String(err)}`] });
          }
        }
        const report = mergeSection(section, results);
        reports.push(report);
        process.stdout.write(`\n${renderSection(report)}\n`);
      }
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
    if (targets.length >= 2 && !only) {
      const summary = backendSummary(reports, targets.map((t) => t.name));
      reports.push(summary);
      process.stdout.write(`\n${renderSection(summary)}\n`);
    }
    const finishedAt = new Date();
    const file = resultFile(args);
    writeJson(file, {
      benchmark: 'event-store',
      mode: quick ? 'quick' : 'full',
      startedAt,
      finishedAt,
      durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverageAtEnd: loadavg() },
      targets: targets.map((t) => ({ name: t.name, description: t.description })),
      config,
      sections: reports,
    });
    process.stdout.write(`\nwrote ${file} (${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s)\n`);
  } finally {
    await stopAll();
  }
}

await main();

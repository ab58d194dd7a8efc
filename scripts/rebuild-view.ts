// `npx tsx scripts/rebuild-view.ts <view>|all`: rebuilds views from the event store into fresh
// collections while the current ones keep serving, then switches to them. Shows a progress line.
import { loadConfig } from '../shared/app/app-config';
import { createLogger } from '../shared/platform/observability/logger';
import { connectMongo } from '../shared/platform/mongo/connect';
import { runMain } from '../shared/platform/process/run-main';
import { ALL_VIEWS, isViewName, VIEW_NAMES, type CatalogViewName } from '../shared/domain/view-catalog';
import type { RebuildJobDocument } from '../shared/platform/projections/rebuild-jobs';
import { ViewRebuilder } from '../shared/platform/projections/view-rebuilder';

await runMain('rebuild-view', async () => {
  const arg = process.argv[2] ?? '';
  if (arg !== 'all' && !isViewName(arg)) {
    console.error(`usage: npx tsx scripts/rebuild-view.ts <view>|all\n  views: ${VIEW_NAMES.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const views: readonly CatalogViewName[] = arg === 'all' ? VIEW_NAMES : [arg as CatalogViewName];
  const config = loadConfig();
  const mongo = await connectMongo(config.mongo.uri);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  try {
    // One line for the whole pass (the views share it): phase, progress, events read, applied per view.
    const latest = new Map<string, RebuildJobDocument>();
    let lastLine = 0;
    let lastPhase = '';
    const show = (job: RebuildJobDocument) => {
      latest.set(job.view, job);
      const jobs = [...latest.values()];
      const phase = jobs.map((j) => j.phase).sort()[0] ?? '';
      const tty = process.stdout.isTTY;
      if (phase === lastPhase && Date.now() - lastLine < (tty ? 200 : 2_000)) return;
      lastLine = Date.now();
      lastPhase = phase;
      const progress = Math.min(...jobs.map((j) => j.progress));
      const at = job.position ? `, at ${job.position.toISOString()}` : '';
      const applied = jobs.map((j) => `${j.view} ${j.eventsApplied}`).join(', ');
      const line = `${phase} ${(progress * 100).toFixed(0)}%: ${job.eventsRead} events read${at}; applied: ${applied}`;
      process.stdout.write(tty ? `\r${line.padEnd(140)}` : `${line}\n`);
    };
    const rebuilder = new ViewRebuilder({
      views: ALL_VIEWS,
      writeDb: mongo.db(config.mongo.dbName),
      readDb: mongo.db(config.mongo.readDbName),
      logger: createLogger('rebuild-view', 'warn'),
      onProgress: show,
    });
    const started = Date.now();
    const jobs = await rebuilder.rebuild(views, 'cli', abort.signal);
    if (process.stdout.isTTY) process.stdout.write('\n');
    for (const job of jobs) console.log(`rebuilt ${job.view} into ${job.collection}: ${job.eventsApplied} events applied, ${job.documentsWritten} documents (job ${job._id})`);
    console.log(`in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await mongo.close();
  }
});

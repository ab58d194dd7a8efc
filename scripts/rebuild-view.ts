// `npx tsx scripts/rebuild-view.ts <view>|all`: rebuilds read models from the event store into fresh
// collections while the current ones keep serving, then switches to them. Shows a progress line.
import { loadConfig } from '../shared/config/app-config';
import { createLogger } from '../shared/logging/logger';
import { connectMongo } from '../shared/mongo/connect';
import { runMain } from '../shared/process/run-main';
import { isViewName, VIEW_NAMES, type ViewName } from '../shared/projections/projection-view';
import type { RebuildJobDocument } from '../shared/projections/rebuild-jobs';
import { ViewRebuilder } from '../workers/projections/view-rebuilder';

await runMain('rebuild-view', async () => {
  const arg = process.argv[2] ?? '';
  if (arg !== 'all' && !isViewName(arg)) {
    console.error(`usage: npx tsx scripts/rebuild-view.ts <view>|all\n  views: ${VIEW_NAMES.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const views: readonly ViewName[] = arg === 'all' ? VIEW_NAMES : [arg as ViewName];
  const config = loadConfig();
  const mongo = await connectMongo(config.mongo.uri);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  try {
    let lastLine = 0;
    const show = (job: RebuildJobDocument, force = false) => {
      if (!force && Date.now() - lastLine < 200) return;
      lastLine = Date.now();
      const at = job.position ? `, at ${job.position.toISOString()}` : '';
      const line = `${job.view}: ${job.phase} ${(job.progress * 100).toFixed(0)}%, ${job.eventsRead} events read, ${job.eventsApplied} applied, ${job.documentsWritten} documents written${at}`;
      process.stdout.write(process.stdout.isTTY ? `\r${line.padEnd(110)}` : `${line}\n`);
    };
    const rebuilder = new ViewRebuilder({
      writeDb: mongo.db(config.mongo.dbName),
      readDb: mongo.db(config.mongo.readDbName),
      settleMs: config.projections.settleMs,
      logger: createLogger('rebuild-view', 'warn'),
      onProgress: (job) => show(job),
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

import type { Db } from 'mongodb';
import type { CommitDocument } from '../../shared/platform/event-store/commit-document';
import { EventStore } from '../../shared/platform/event-store/event-store';
import { storedCommit } from './append-throughput';
import { totalCalls } from './command-log';
import type { Row, Section, TargetContext } from './context';
import { newEvents, OPTIONS } from './documents';
import { timeMs } from './timing';

/** Sequential appends with command monitoring: the round trips one append makes and the time each takes. */
async function breakdown(ctx: TargetContext, db: Db, eventsPerCommit: number): Promise<Row[]> {
  const n = ctx.config.append.breakdownAppends;
  const store = new EventStore(db);
  await store.ensureIndexes();
  let version = 0;
  const append = async () => {
    version = (await store.append('account-1', version, newEvents(eventsPerCommit), OPTIONS)).lastVersion;
  };
  for (let i = 0; i < 3; i += 1) await append();
  ctx.commands.start();
  let appendMs = 0;
  for (let i = 0; i < n; i += 1) appendMs += await timeMs(append);
  const stats = ctx.commands.stop();

  const template = await storedCommit(db, 'account-1@0');
  const raw = db.collection<CommitDocument>('raw_commits');
  for (let i = 0; i < 3; i += 1) await raw.insertOne({ ...template, _id: `warm-${i}` });
  let rawMs = 0;
  for (let i = 0; i < n; i += 1) rawMs += await timeMs(() => raw.insertOne({ ...template, _id: `raw-${i}` }));

  const label = `${eventsPerCommit} ev/commit`;
  const perAppend = appendMs / n;
  const rows: Row[] = stats.map((s) => ({
    case: label,
    target: ctx.target.name,
    command: s.command,
    'calls/append': s.calls / n,
    'ms/call': s.totalMs / s.calls,
    'ms/append': s.totalMs / n,
    'share of append': s.totalMs / n / perAppend,
  }));
  const serverMs = stats.reduce((t, s) => t + s.totalMs, 0) / n;
  rows.push(
    { case: label, target: ctx.target.name, command: 'client-side (validation, BSON, event loop)', 'calls/append': null, 'ms/call': null, 'ms/append': perAppend - serverMs, 'share of append': (perAppend - serverMs) / perAppend },
    { case: label, target: ctx.target.name, command: '= EventStore.append (wall clock)', 'calls/append': totalCalls(stats) / n, 'ms/call': null, 'ms/append': perAppend, 'share of append': 1 },
    { case: label, target: ctx.target.name, command: 'raw insertOne of the same commit', 'calls/append': 1, 'ms/call': rawMs / n, 'ms/append': rawMs / n, 'share of append': rawMs / n / perAppend },
  );
  return rows;
}

export const appendRoundTrips: Section = {
  key: 'append-round-trips',
  title: 'Where an append spends its time: commands sent per append (command monitoring, one writer, sequential)',
  columns: ['case', 'target', 'command', 'calls/append', 'ms/call', 'ms/append', 'share of append'],
  legend: [
    'ms/call is measured by the driver: network round trip plus server work. The last row is the raw baseline for comparison.',
  ],
  async run(ctx) {
    const rows: Row[] = [];
    for (const eventsPerCommit of [1, 10]) {
      ctx.log(`round trips: ${eventsPerCommit} event(s) per commit`);
      rows.push(...(await ctx.withDatabase(`roundtrips_${eventsPerCommit}`, (_db, monitoredDb) => breakdown(ctx, monitoredDb, eventsPerCommit))));
    }
    return { rows, notes: [] };
  },
};

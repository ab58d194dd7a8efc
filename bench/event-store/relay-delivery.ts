import type { Db } from 'mongodb';
import { performance } from 'node:perf_hooks';
import { EventStore } from '../../shared/platform/event-store/event-store';
import type { EventEnvelope } from '../../shared/platform/event-store/event-envelope';
import { inProcessSubscriber } from '../../shared/platform/outbox/subscriber';
import { OutboxRelay } from '../../shared/platform/outbox/outbox-relay';
import { totalCalls } from './command-log';
import type { Row, Section, TargetContext } from './context';
import { newEvents, newEventWithId, OPTIONS } from './documents';
import { summarize } from '../latency-summary';
import { runWorkers, sleep } from './timing';

/** An in-process subscriber that records when each event arrives. */
function arrivals() {
  const at = new Map<string, number>();
  let duplicates = 0;
  const subscriber = inProcessSubscriber('bench-recorder', async (event: EventEnvelope) => {
    if (at.has(event.eventId)) duplicates += 1;
    else at.set(event.eventId, performance.now());
  });
  return { subscriber, at, duplicates: () => duplicates };
}

async function waitFor(done: () => boolean, maxWaitMs: number): Promise<boolean> {
  const deadline = performance.now() + maxWaitMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

/** Appends a backlog with the relay stopped, then times the relay (default options) draining it. */
async function backlogDrain(ctx: TargetContext, db: Db): Promise<Row> {
  const { backlog, streams, maxWaitMs } = ctx.config.relay;
  const store = new EventStore(db);
  await store.ensureIndexes();
  const perStream = Math.ceil(backlog / streams);
  const versions = new Array<number>(streams).fill(0);
  await runWorkers(streams, perStream, async (w) => {
    versions[w] = (await store.append(`saga-${w}`, versions[w] as number, newEvents(1), OPTIONS)).lastVersion;
  });
  const total = streams * perStream;
  const { subscriber, at, duplicates } = arrivals();
  const relay = new OutboxRelay(db, { subscribers: [subscriber] });
  ctx.commands.start();
  const start = performance.now();
  relay.start();
  const complete = await waitFor(() => at.size >= total, maxWaitMs);
  const seconds = (performance.now() - start) / 1000;
  await relay.stop();
  const calls = totalCalls(ctx.commands.stop());
  return {
    case: `drain a backlog of ${total} commits on ${streams} streams (relay defaults)`,
    target: ctx.target.name,
    'events/s': at.size / seconds,
    'e2e p50 ms': null,
    'e2e p99 ms': null,
    'append p50 ms': null,
    'round trips/event': calls / Math.max(1, at.size),
    delivered: `${at.size}/${total}${complete ? '' : ' (timed out)'}${duplicates() ? `, ${duplicates()} dup` : ''}`,
  };
}

/** Open-loop appends at a steady rate while the relay runs; latency from append call to handler. */
async function latency(ctx: TargetContext, db: Db, pollIntervalMs: number): Promise<Row> {
  const { latencyAppends, appendsPerSecond, streams, maxWaitMs } = ctx.config.relay;
  const store = new EventStore(db);
  await store.ensureIndexes();
  const { subscriber, at, duplicates } = arrivals();
  const relay = new OutboxRelay(db, { subscribers: [subscriber], pollIntervalMs });
  relay.start();
  await store.append('warm-up', 'no-stream', newEvents(1), OPTIONS);
  await waitFor(() => at.size >= 1, maxWaitMs);
  const sent = new Map<string, number>();
  const appendMs: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < latencyAppends; i += 1) {
    await sleep(Math.max(0, start + (i * 1000) / appendsPerSecond - performance.now()));
    const eventId = `latency-${i}`;
    const t0 = performance.now();
    sent.set(eventId, t0);
    pending.push(
      store
        .append(`saga-${i % streams}`, 'any', [newEventWithId(eventId)], OPTIONS)
        .then(() => void appendMs.push(performance.now() - t0)),
    );
  }
  await Promise.all(pending);
  const complete = await waitFor(() => [...sent.keys()].every((id) => at.has(id)), maxWaitMs);
  await relay.stop();
  const e2e = [...sent].filter(([id]) => at.has(id)).map(([id, t0]) => (at.get(id) as number) - t0);
  const e = summarize(e2e);
  return {
    case: `${appendsPerSecond} appends/s on ${streams} streams, relay pollIntervalMs ${pollIntervalMs}${pollIntervalMs === 500 ? ' (default)' : ''}`,
    target: ctx.target.name,
    'events/s': null,
    'e2e p50 ms': e.p50,
    'e2e p99 ms': e.p99,
    'append p50 ms': summarize(appendMs).p50,
    'round trips/event': null,
    delivered: `${e2e.length}/${sent.size}${complete ? '' : ' (timed out)'}${duplicates() ? `, ${duplicates()} dup` : ''}`,
  };
}

export const relayDelivery: Section = {
  key: 'relay',
  title: 'Outbox relay: delivery throughput and end-to-end latency (append call to in-process handler)',
  columns: ['case', 'target', 'events/s', 'e2e p50 ms', 'e2e p99 ms', 'append p50 ms', 'round trips/event', 'delivered'],
  legend: [
    'OutboxRelay with one in-process subscriber, default options (batch 100, 4 streams in parallel) unless stated.',
    'An idle relay sleeps pollIntervalMs between polls, so latency at a low rate is mostly that pause.',
  ],
  async run(ctx) {
    ctx.log('relay: backlog drain');
    const rows = [await ctx.withDatabase('relay_drain', (_db, monitoredDb) => backlogDrain(ctx, monitoredDb))];
    for (const poll of ctx.config.relay.pollIntervals) {
      ctx.log(`relay: latency, poll ${poll} ms`);
      rows.push(await ctx.withDatabase(`relay_latency_${poll}`, (db) => latency(ctx, db, poll)));
    }
    return { rows, notes: [] };
  },
};

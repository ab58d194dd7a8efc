import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { localActivityDeps } from '../../activities/local-providers';
import { CONSOLE_DIST } from '../../api/console/console-assets';
import { publicMessageCatalogue } from '../../shared/domain/message-catalog';
import { LiveFeed } from '../../shared/platform/messaging/live-feed';
import { liveFeedSubscriber } from '../../shared/platform/messaging/live-feed-subscriber';
import { MessageTranslator } from '../../shared/platform/messaging/message-translator';
import { OutboxRelay } from '../../shared/platform/outbox';
import { SubscriberRegistry } from '../../shared/platform/outbox/subscriber-registry';
import type { Projector } from '../../shared/platform/projections/view-projector';
import { WebhookSubscriptions } from '../../shared/platform/webhooks/webhook-subscriptions';
import { WebhookTargetPolicy } from '../../shared/platform/webhooks/webhook-target-policy';
import { dataProductStack, type DataProductStack } from '../integration/data-products/data-product-kit';
import { startTestProjector } from '../integration/read-side/read-side-kit';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { startTestWorker } from '../support/test-worker';

const ROOT = new URL('../..', import.meta.url).pathname;
const WEB = join(ROOT, 'api/console/web');

/** Builds the console when dist/console is missing or older than its sources (npm test's pretest builds it already). */
export async function ensureConsoleBuilt(): Promise<void> {
  const index = join(CONSOLE_DIST, 'index.html');
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  if (existsSync(index) && statSync(index).mtimeMs >= newest(WEB)) return;
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'error' });
}

/** A webhook receiver on loopback that refuses (500) until told to accept. */
export interface Receiver {
  readonly url: string;
  readonly received: string[];
  accept(yes: boolean): void;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received: string[] = [];
  let accepting = false;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      if (!accepting) return void res.writeHead(500).end('receiver down');
      received.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    accept: (yes) => { accepting = yes; },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * Everything the console shows, on the test run's real Temporal and FerretDB: the API (which
 * serves the console), a saga worker, the projector, a relay publishing public messages to the
 * live feed and to webhooks (retried twice, then dead-lettered), and the analytical worker (the
 * leads funnel is answered from its crm.lead-funnel data product).
 */
export interface ConsoleStack {
  readonly api: ApiHarness;
  readonly receiver: Receiver;
  /** Starts the webhook relay, after the test has created its subscriptions, then the analytical worker. */
  startRelay(): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsoleStack(): Promise<ConsoleStack> {
  const dataProducts = mkdtempSync(join(tmpdir(), 'console-data-products-'));
  const api = await startApiHarness({
    DATA_PRODUCTS_DIR: dataProducts,
    MONGODB_READ_DB: `read_${randomUUID().slice(0, 8)}`,
    ORDER_DISPATCH_AFTER: '1 second',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  });
  const db = api.deps.mongo.db;
  const readDb = api.deps.mongo.client.db(api.config.mongo.readDbName);
  const deps = localActivityDeps(db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  const worker = await startTestWorker(api.config.temporal.taskQueue, deps);
  const projector: Projector = startTestProjector(db, readDb);
  await projector.start();
  await projector.whenBootstrapped();
  const receiver = await startReceiver();
  let relay: OutboxRelay | undefined;
  let products: DataProductStack | undefined;

  return {
    api,
    receiver,
    async startRelay() {
      const translator = new MessageTranslator(publicMessageCatalogue, deps.eventStore);
      const feed = new LiveFeed(db);
      await feed.ensureCollection();
      const policy = new WebhookTargetPolicy({ httpAllowed: true, allowed: ['127.0.0.1'] });
      const webhooks = await new WebhookSubscriptions(db, api.deps.dataKeys).subscribers(2_000, translator, policy);
      const subscribers = [liveFeedSubscriber(translator, feed), ...webhooks];
      relay = new OutboxRelay(db, {
        subscribers,
        maxAttempts: 2,
        backoff: { baseMs: 50, maxMs: 200 },
        pollIntervalMs: 200,
        leaseMs: 10_000,
      });
      relay.start();
      // Relays learn of another relay's subscribers only every few seconds, and one that fans a commit
      // out meanwhile leaves the others' subscribers without it. Started once this relay has
      // registered its subscribers, the analytical worker's relay knows the webhook at once, and the
      // worker's registration grace covers the moment this relay does not know the worker yet.
      const registry = new SubscriberRegistry(db);
      const registered = async () => { const active = await registry.activeNames(); return subscribers.every((s) => active.includes(s.name)); };
      while (!(await registered())) await new Promise((r) => setTimeout(r, 100));
      products = await dataProductStack(db, { registrationGraceMs: 6_000 }, dataProducts);
      await products.runtime.start();
    },
    async stop() {
      await relay?.stop();
      await products?.stop();
      await projector.stop();
      await worker.stop();
      await receiver.close();
      await readDb.dropDatabase().catch(() => undefined);
      await api.close();
    },
  };
}

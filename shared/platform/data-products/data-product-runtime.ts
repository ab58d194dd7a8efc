import { hostname } from 'node:os';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventStore } from '../event-store/event-store';
import { EVENT_STORE_COLLECTIONS } from '../event-store/event-store-collections';
import type { MessageCatalogue } from '../messaging/message-catalogue';
import { MessageTranslator } from '../messaging/message-translator';
import { StreamHistory } from '../messaging/stream-history';
import { DeliveryRecords } from '../outbox/delivery-records';
import { OutboxRelay } from '../outbox/outbox-relay';
import type { OutboxRelayOptions } from '../outbox/relay-options';
import type { Subscriber } from '../outbox/subscriber';
import { SubscriberRegistry } from '../outbox/subscriber-registry';
import type { DataProductCatalogue } from './data-product-catalogue';
import type { DataProduct } from './data-product-definition';
import { registerDataProductMetrics } from './data-product-metrics';
import { changesFor, storedTypesOf, type ChangeSources } from './event-changes';
import type { PortStatus } from './port-layout';
import { PortWriter } from './port-writer';
import { Pseudonymiser } from './pseudonymiser';
import { StoreReplay } from './store-replay';
import { tableColumns } from './table-columns';
import { Warehouse } from './warehouse';

export interface DataProductRuntimeOptions {
  readonly catalogue: DataProductCatalogue;
  /** The public messages, for products fed from the published language. */
  readonly messages: MessageCatalogue;
  /** The write database: event store and outbox. */
  readonly db: Db;
  readonly store: EventStore;
  /** Root of the output ports (Parquet files, manifests, status). */
  readonly portsDirectory: string;
  /** The worker's DuckDB file. */
  readonly warehouseFile: string;
  /** Key of the keyed hashes that replace personal values (32+ bytes). */
  readonly pseudonymisationKey: Buffer;
  /** Export, freshness and status cycle (default 2000 ms). */
  readonly refreshMs?: number;
  /** How often the partition files are checked against their manifest (default 30 s). */
  readonly verifyEveryMs?: number;
  /** The event store's readAll settle window (default 5000 ms). */
  readonly settleMs?: number;
  /**
   * How long other relays may go on not knowing a newly registered subscriber (default 6000 ms:
   * relays re-read the subscriber registry every 5 s). A rebuild's catch-up reads past it.
   */
  readonly registrationGraceMs?: number;
  readonly relay?: Omit<OutboxRelayOptions, 'subscribers' | 'registry' | 'logger'>;
  readonly registry?: Registry;
  readonly logger?: Logger;
}

interface ProductState {
  readonly product: DataProduct;
  readonly writer: PortWriter;
  readonly subscriber: Subscriber;
  freshAsOf: string | null;
  lastRefreshAt: string | null;
  health: PortStatus['health'];
  problems: string[];
  status?: PortStatus;
}

const HOUR_MS = 3_600_000;
/** Commit pointers the relay re-checked this often without finding their commit come from writers that died. */
const ABANDONED_POINTER_CHECKS = 5;

export const subscriberNameOf = (product: Pick<DataProduct, 'name'>): string => `data-product.${product.name}`;

/**
 * The analytical worker's engine: keeps every product's DuckDB table current from the event
 * store through the outbox relay (one subscriber per product), exports changed partitions as
 * Parquet, and reports freshness and health in each port's status file and in metrics. A
 * product whose table is new (first start, new version, lost warehouse) or whose relay
 * subscription lapsed is rebuilt from the event store first. One worker per ports directory:
 * DuckDB has one writer.
 */
export class DataProductRuntime {
  private warehouse?: Warehouse;
  private relay?: OutboxRelay;
  private readonly states = new Map<string, ProductState>();
  private readonly options: Required<Pick<DataProductRuntimeOptions, 'refreshMs' | 'verifyEveryMs' | 'settleMs' | 'registrationGraceMs'>> & DataProductRuntimeOptions;
  private readonly pseudonymiser: Pseudonymiser;
  private readonly deliveries: DeliveryRecords;
  private readonly subscribers: SubscriberRegistry;
  private readonly relayId = `data-products-${hostname()}-${process.pid}`;
  private readonly metrics;
  private timer?: NodeJS.Timeout;
  private cycle?: Promise<void>;
  private lastVerify = 0;
  private lastRetention = 0;
  private rebuilding?: Promise<void>;

  constructor(options: DataProductRuntimeOptions) {
    this.options = { refreshMs: 2_000, verifyEveryMs: 30_000, settleMs: 5_000, registrationGraceMs: 6_000, ...options };
    this.pseudonymiser = new Pseudonymiser(options.pseudonymisationKey);
    this.deliveries = new DeliveryRecords(options.db);
    this.subscribers = new SubscriberRegistry(options.db);
    this.metrics = options.registry ? registerDataProductMetrics(options.registry, options.catalogue.products, (name) => this.states.get(name)?.status) : undefined;
  }

  get products(): readonly DataProduct[] {
    return this.options.catalogue.products;
  }

  /** Opens the warehouse, rebuilds what needs it, starts the relay and the refresh cycle. */
  async start(): Promise<void> {
    const { logger } = this.options;
    const warehouse = await Warehouse.open(this.options.warehouseFile, (reason) => logger?.warn({ reason }, 'the warehouse could not be opened: starting a new one and rebuilding every product'));
    this.warehouse = warehouse;
    const live: ChangeSources = {
      translator: new MessageTranslator(this.options.messages, this.options.store),
      history: new StreamHistory(this.options.store),
      pseudonymiser: this.pseudonymiser,
    };
    const active = new Set(await this.subscribers.activeNames());
    const stale: string[] = [];
    for (const product of this.products) {
      const built = await warehouse.attach(product);
      const writer = new PortWriter(this.options.portsDirectory, product, warehouse);
      await writer.load();
      this.states.set(product.name, {
        product,
        writer,
        subscriber: this.subscriberFor(product, live),
        freshAsOf: null,
        lastRefreshAt: writer.partitions.length > 0 ? new Date().toISOString() : null,
        health: 'healthy',
        problems: [],
      });
      if (!built || !active.has(subscriberNameOf(product))) stale.push(product.name);
    }
    if (stale.length > 0) {
      logger?.info({ products: stale }, 'rebuilding data products from the event store');
      await this.replayIntoTables(stale);
    }
    this.relay = this.createRelay();
    this.relay.start();
    await this.refresh();
    this.schedule();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.rebuilding?.catch(() => undefined);
    await this.cycle?.catch(() => undefined);
    await this.relay?.stop();
    await this.warehouse?.close();
    this.warehouse = undefined;
  }

  /** Rebuilds products from the event store (the relay pauses meanwhile); the tables are replaced when complete. */
  async rebuild(names: readonly string[] = this.products.map((p) => p.name)): Promise<void> {
    await this.rebuilding?.catch(() => undefined);
    const run = (async () => {
      await this.relay?.stop();
      try {
        await this.replayIntoTables(names);
      } finally {
        this.relay?.start();
      }
      await this.refresh();
    })();
    this.rebuilding = run;
    await run;
  }

  /** One cycle: freshness, export of changed partitions, verification when due, retention, status files. */
  refresh(): Promise<void> {
    const previous = this.cycle ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.runCycle());
    this.cycle = next;
    return next;
  }

  status(name: string): PortStatus | undefined {
    return this.states.get(name)?.status;
  }

  /** The product's table as text rows in key order (for tests comparing a rebuild with what it replaced). */
  dump(name: string): Promise<Record<string, string | null>[]> {
    return this.requireWarehouse().dump(name);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.refresh().catch((err: unknown) => this.options.logger?.error({ err }, 'data product refresh failed')).finally(() => {
        if (this.timer) this.schedule();
      });
    }, this.options.refreshMs);
  }

  private async runCycle(): Promise<void> {
    const warehouse = this.requireWarehouse();
    const checkedAt = new Date();
    const pointersPending = await this.options.db.collection(EVENT_STORE_COLLECTIONS.pending).countDocuments({ checks: { $lt: ABANDONED_POINTER_CHECKS } });
    const verify = Date.now() - this.lastVerify >= this.options.verifyEveryMs;
    const retention = Date.now() - this.lastRetention >= HOUR_MS;
    for (const state of this.states.values()) {
      if (state.health === 'rebuilding') {
        await this.writeStatus(state, checkedAt);
        continue;
      }
      // Counted before the export: everything delivered by then is in the files written next.
      const caughtUp = pointersPending === 0 && (await this.deliveries.countSignals(subscriberNameOf(state.product))) === 0;
      if (retention) await warehouse.deleteBefore(state.product.name, daysBefore(checkedAt, state.product.retentionDays));
      if (await state.writer.export()) state.lastRefreshAt = new Date().toISOString();
      if (verify) await this.verifyAndRepair(state);
      if (caughtUp) state.freshAsOf = checkedAt.toISOString();
      await this.writeStatus(state, checkedAt);
    }
    if (verify) this.lastVerify = Date.now();
    if (retention) this.lastRetention = Date.now();
  }

  private async verifyAndRepair(state: ProductState): Promise<void> {
    const problems = await state.writer.verify();
    if (problems.length === 0) {
      state.health = 'healthy';
      state.problems = [];
      return;
    }
    this.options.logger?.warn({ product: state.product.name, problems }, 'partition files differ from the manifest: writing them again');
    this.metrics?.repairs.inc({ product: state.product.name }, problems.length);
    state.health = 'repairing';
    state.problems = problems;
    await this.writeStatus(state, new Date());
    await state.writer.export();
    state.lastRefreshAt = new Date().toISOString();
    const remaining = await state.writer.verify();
    state.health = remaining.length === 0 ? 'healthy' : 'repairing';
    state.problems = remaining;
  }

  private async writeStatus(state: ProductState, checkedAt: Date): Promise<void> {
    state.status = {
      product: state.product.name,
      version: state.product.version,
      freshAsOf: state.freshAsOf,
      lastRefreshAt: state.lastRefreshAt,
      checkedAt: checkedAt.toISOString(),
      rows: state.writer.rows,
      health: state.health,
      problems: state.problems,
    };
    await state.writer.writeStatus(state.status);
  }

  /**
   * Replays the whole store into the products' rebuild tables, then again from where it stopped
   * once everything committed before the relay surely signals this worker has settled, then
   * swaps the tables. Events the relay delivers afterwards that the replay already applied are
   * skipped by their stream position.
   */
  private async replayIntoTables(names: readonly string[]): Promise<void> {
    const warehouse = this.requireWarehouse();
    const states = names.map((name) => {
      const state = this.states.get(name);
      if (!state) throw new Error(`unknown data product ${name}`);
      return state;
    });
    const startedAt = Date.now();
    await this.subscribers.heartbeat(this.products.map(subscriberNameOf), this.relayId);
    for (const state of states) {
      state.health = 'rebuilding';
      await this.writeStatus(state, new Date());
      await warehouse.beginRebuild(state.product.name);
    }
    const replay = new StoreReplay(states.map((s) => s.product), { store: this.options.store, catalogue: this.options.messages, pseudonymiser: this.pseudonymiser, warehouse });
    const checkpoint = await replay.replay();
    this.options.logger?.debug({ products: names, events: replay.events, ms: Date.now() - startedAt }, 'replayed the event store; catching up');
    const settledAt = startedAt + this.options.settleMs + this.options.registrationGraceMs;
    if (Date.now() < settledAt) await new Promise((r) => setTimeout(r, settledAt - Date.now()));
    await replay.replay(checkpoint);
    this.options.logger?.debug({ ms: Date.now() - startedAt }, 'caught up; swapping the tables and exporting');
    for (const state of states) {
      await warehouse.finishRebuild(state.product.name, state.writer.partitions.map((p) => p.name));
      await state.writer.export();
      state.lastRefreshAt = new Date().toISOString();
      state.health = 'healthy';
      state.problems = [];
      this.metrics?.rebuilds.inc({ product: state.product.name });
    }
    this.options.logger?.info({ products: names, events: replay.events, ms: Date.now() - startedAt }, 'data products rebuilt from the event store');
  }

  private subscriberFor(product: DataProduct, sources: ChangeSources): Subscriber {
    const columns = tableColumns(product);
    const types = storedTypesOf(product, sources.translator);
    return {
      name: subscriberNameOf(product),
      accepts: (type) => types.has(type),
      handle: async (event) => {
        const warehouse = this.requireWarehouse();
        if (warehouse.position(product.name, 'live', event.streamId) >= event.version) return;
        const changes = await changesFor(product, columns, event, sources);
        await warehouse.applyBatch(product.name, 'live', [{ streamId: event.streamId, version: event.version, changes }]);
      },
    };
  }

  private createRelay(): OutboxRelay {
    return new OutboxRelay(this.options.db, {
      pollIntervalMs: 200,
      relayId: this.relayId,
      ...this.options.relay,
      subscribers: [...this.states.values()].map((s) => s.subscriber),
      ...(this.options.registry ? { registry: this.options.registry } : {}),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
  }

  private requireWarehouse(): Warehouse {
    if (!this.warehouse) throw new Error('the data product runtime is not started');
    return this.warehouse;
  }
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

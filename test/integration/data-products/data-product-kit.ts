import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import { dataProductCatalogue } from '../../../shared/domain/data-product-catalog';
import { publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import type { OrderPlacedPayload } from '../../../shared/domain/ordering/order/order-events';
import { DataProductRuntime, type DataProductRuntimeOptions } from '../../../shared/platform/data-products/data-product-runtime';
import { DataProductPorts } from '../../../shared/platform/data-products/port-reader';
import { EventStore } from '../../../shared/platform/event-store';
import { ensureOutboxIndexes } from '../../../shared/platform/outbox/outbox-collections';

export const SETTLE_MS = 200;
export const TEST_PSEUDONYMISATION_KEY = Buffer.alloc(32, 7);

export interface DataProductStack {
  readonly store: EventStore;
  readonly runtime: DataProductRuntime;
  readonly ports: DataProductPorts;
  /** DATA_PRODUCTS_DIR of an API reading these ports. */
  readonly directory: string;
  readonly portsDirectory: string;
  readonly warehouseFile: string;
  stop(): Promise<void>;
}

/**
 * The analytical worker's runtime on a database of its own, with a fresh ports folder, and the query side over it.
 * `registrationGraceMs` is 0: pass the default (6000) when another relay runs on the same database.
 */
export async function dataProductStack(db: Db, options: Partial<DataProductRuntimeOptions> = {}, folder = mkdtempSync(join(tmpdir(), 'data-products-'))): Promise<DataProductStack> {
  const store = new EventStore(db, { readAllSettleMs: SETTLE_MS });
  await store.ensureIndexes();
  await ensureOutboxIndexes(db);
  const portsDirectory = join(folder, 'ports');
  const warehouseFile = join(folder, 'warehouse.duckdb');
  const runtime = new DataProductRuntime({
    catalogue: dataProductCatalogue,
    messages: publicMessageCatalogue,
    db,
    store,
    portsDirectory,
    warehouseFile,
    pseudonymisationKey: TEST_PSEUDONYMISATION_KEY,
    refreshMs: 200,
    verifyEveryMs: 0,
    settleMs: SETTLE_MS,
    registrationGraceMs: 0,
    relay: { pollIntervalMs: 50 },
    ...options,
  });
  const ports = new DataProductPorts(portsDirectory, dataProductCatalogue);
  return {
    store,
    runtime,
    ports,
    directory: folder,
    portsDirectory,
    warehouseFile,
    async stop() {
      ports.close();
      await runtime.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export interface TalkOrder {
  readonly orderId: string;
  readonly customer: string;
  readonly state: string;
  readonly dollars: number;
  /** Business time of placement and confirmation. */
  readonly at: Date;
}

/** Appends an order's placement and confirmation at a chosen business time, as the saga's activities would. */
export async function appendConfirmedOrder(store: EventStore, o: TalkOrder): Promise<void> {
  const cents = o.dollars * 100;
  const placed: OrderPlacedPayload = {
    orderId: o.orderId,
    customerId: `cus_${o.customer.toLowerCase()}`,
    lines: [{ sku: 'WIDGET', quantity: 1, unitPriceCents: cents, lineTotalCents: cents }],
    shippingAddress: { name: o.customer, line1: `1 ${o.customer} Street`, city: 'Springfield', state: o.state, zip: '10001' },
    totalCents: cents,
    currency: 'USD',
  };
  await store.append(`order-${o.orderId}`, 'no-stream', [{ type: 'order-placed', payload: placed }], { correlationId: `talk-${o.orderId}`, now: o.at });
  await store.append(`order-${o.orderId}`, 1, [{ type: 'order-confirmed', payload: { orderId: o.orderId, customerId: placed.customerId, totalCents: cents, currency: 'USD' } }], {
    correlationId: `talk-${o.orderId}`,
    now: new Date(o.at.getTime() + 60_000),
  });
}

/** Polls until `done` holds (the test runner's timeout bounds it). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, pollMs = 100): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

const DAY_MS = 86_400_000;
/** Noon UTC `daysAgo` days before today: known days that stay inside every retention window. */
export function noonDaysAgo(daysAgo: number, now = new Date()): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - daysAgo * DAY_MS + 12 * 3_600_000);
}
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

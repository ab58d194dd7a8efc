import type { EventStore } from '../event-store/event-store';
import type { MessageCatalogue } from '../messaging/message-catalogue';
import { MessageTranslator } from '../messaging/message-translator';
import { StreamHistory } from '../messaging/stream-history';
import type { DataProduct } from './data-product-definition';
import { changesFor, storedTypesOf } from './event-changes';
import type { Pseudonymiser } from './pseudonymiser';
import { ReplayedStreams } from './replayed-streams';
import { tableColumns } from './table-columns';
import type { EventChanges, Warehouse } from './warehouse';

export interface StoreReplayOptions {
  readonly store: EventStore;
  readonly catalogue: MessageCatalogue;
  readonly pseudonymiser: Pseudonymiser;
  readonly warehouse: Warehouse;
  /** Events per page (and per warehouse transaction); default 2000. */
  readonly pageSize?: number;
}

/**
 * Feeds every event of the store, in its global order, through the products' mappings into their
 * rebuild tables: the same mappings the relay feeds live, one warehouse transaction per page.
 * Resumable: `replay(after)` continues from a checkpoint it returned.
 */
export class StoreReplay {
  private readonly replayed: ReplayedStreams;
  private readonly translator: MessageTranslator;
  private readonly history: StreamHistory;
  events = 0;

  constructor(
    private readonly products: readonly DataProduct[],
    private readonly options: StoreReplayOptions,
  ) {
    this.replayed = new ReplayedStreams(options.store);
    this.translator = new MessageTranslator(options.catalogue, this.replayed);
    this.history = new StreamHistory(this.replayed, 1_024);
  }

  async replay(after?: string): Promise<string | undefined> {
    const sources = { translator: this.translator, history: this.history, pseudonymiser: this.options.pseudonymiser };
    const targets = this.products.map((product) => ({ product, columns: tableColumns(product), types: storedTypesOf(product, this.translator) }));
    let checkpoint = after;
    for await (const page of this.options.store.readAllPages({ ...(after === undefined ? {} : { after }), pageSize: this.options.pageSize ?? 2_000 })) {
      const batches = new Map<string, EventChanges[]>(targets.map((t) => [t.product.name, []]));
      for (const event of page.events) {
        this.replayed.record(event);
        this.events += 1;
        for (const t of targets) {
          if (!t.types.has(event.type)) continue;
          (batches.get(t.product.name) as EventChanges[]).push({ streamId: event.streamId, version: event.version, changes: await changesFor(t.product, t.columns, event, sources) });
        }
      }
      for (const [name, batch] of batches) if (batch.length > 0) await this.options.warehouse.applyBatch(name, 'rebuild', batch);
      checkpoint = page.checkpoint ?? checkpoint;
    }
    return checkpoint;
  }
}

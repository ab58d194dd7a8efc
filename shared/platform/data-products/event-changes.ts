import type { EventEnvelope } from '../event-store/event-envelope';
import type { MessageTranslator } from '../messaging/message-translator';
import type { StreamHistory } from '../messaging/stream-history';
import type { DataProduct } from './data-product-definition';
import { toCellChanges, type CellChange } from './row-cells';
import type { Pseudonymiser } from './pseudonymiser';
import type { Column } from './table-columns';

/** What turns a stored event into a product's row changes, live (relay) or in a rebuild (replay). */
export interface ChangeSources {
  /** Translates stored events into the public messages a product consumes (published language). */
  readonly translator: MessageTranslator;
  /** Stream histories for mappings that fold a stream (live: the store; replay: what was replayed). */
  readonly history: StreamHistory;
  readonly pseudonymiser: Pseudonymiser;
}

export function storedTypesOf(product: DataProduct, translator: MessageTranslator): ReadonlySet<string> {
  return product.source.kind === 'stored-events' ? new Set(product.source.eventTypes) : translator.storedTypesOf(product.source.messages);
}

/** The validated, pseudonymised changes one stored event makes to a product. */
export async function changesFor(product: DataProduct, columns: readonly Column[], event: EventEnvelope, sources: ChangeSources): Promise<CellChange[]> {
  const source = product.source;
  if (source.kind === 'stored-events') {
    const rows = await source.rows(event, { history: () => sources.history.upTo(event.streamId, event.version) });
    return toCellChanges(product, columns, rows, sources.pseudonymiser);
  }
  const messages = await sources.translator.translate(event, source.messages, event.timestamp);
  return toCellChanges(product, columns, messages.flatMap((m) => source.rows(m)), sources.pseudonymiser);
}

import type { EventEnvelope } from '../event-store/event-envelope';
import type { MessageCatalogue, MessageSelection } from './message-catalogue';
import type { MessageDefinition, TranslationContext } from './message-definition';
import { publicMessage, type PublicMessage } from './public-message';
import { StreamHistory, type StreamReader } from './stream-history';

/** A mapping produced a payload its own contract refuses: a bug of the producer, never sent. */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
}

/**
 * Translation at the edge of a context: a stored event becomes the public messages a subscriber
 * selected, each validated against its contract. Stored events no selected message derives from
 * produce nothing, so they never leave the process.
 */
export class MessageTranslator {
  private readonly history: StreamHistory;

  constructor(
    readonly catalogue: MessageCatalogue,
    /** The event store, for mappings that read their stream's earlier events. */
    streams: StreamReader,
  ) {
    this.history = new StreamHistory(streams);
  }

  /** The definitions a selection names that are still published (unknown or retired ones drop out). */
  definitionsOf(selection: readonly MessageSelection[], now = new Date()): MessageDefinition[] {
    return selection
      .map((s) => this.catalogue.find(s.type, s.version))
      .filter((d): d is MessageDefinition => d !== undefined && this.catalogue.status(d, now) !== 'retired');
  }

  /** The stored event types a selection is derived from. */
  storedTypesOf(selection: readonly MessageSelection[]): Set<string> {
    return new Set(this.definitionsOf(selection).flatMap((d) => d.derivedFrom));
  }

  async translate(event: EventEnvelope, selection: readonly MessageSelection[], now = new Date()): Promise<PublicMessage[]> {
    const context = this.contextFor(event);
    const messages: PublicMessage[] = [];
    for (const definition of this.definitionsOf(selection, now)) {
      const message = await translateEvent(definition, event, context);
      if (message) messages.push(message);
    }
    return messages;
  }

  private contextFor(event: EventEnvelope): TranslationContext {
    let history: Promise<readonly EventEnvelope[]> | undefined;
    return {
      history: () => (history ??= this.history.upTo(event.streamId, event.version)),
    };
  }
}

/** One stored event as one public message of `definition`, checked against its contract (null: it publishes nothing of it). */
export async function translateEvent(definition: MessageDefinition, event: EventEnvelope, context: TranslationContext): Promise<PublicMessage | null> {
  if (!definition.derivedFrom.includes(event.type)) return null;
  const payload = await definition.translate(event, context);
  if (payload === null) return null;
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ContractViolationError(`${definition.type} v${definition.version} from ${event.type} ${event.streamId} v${event.version}: ${issues}`);
  }
  return publicMessage(definition, event, parsed.data);
}

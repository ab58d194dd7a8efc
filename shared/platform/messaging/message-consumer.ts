import type { EventEnvelope } from '../event-store/event-envelope';
import type { MessageDefinition, TranslationContext } from './message-definition';
import { translateEvent } from './message-translator';
import type { PublicMessage } from './public-message';

/** A consumed message whose mapping reads its stream's history: a view gets the event alone. */
export class HistoryNotAvailableError extends Error {
  override readonly name = 'HistoryNotAvailableError';
}

/**
 * How a consumer inside the platform (a view of one context folding another context's facts)
 * depends on a contract instead of the other context's stored events: it receives the public
 * messages it selected, translated from each stored event and checked against their schemas,
 * exactly as a webhook would. Only messages translated from the event alone can be consumed
 * this way (a fold must not read the store per event).
 */
export class MessageConsumer {
  /** The stored event types the consumed messages are derived from (what the relay hands over). */
  readonly storedTypes: readonly string[];

  constructor(readonly definitions: readonly MessageDefinition[]) {
    this.storedTypes = [...new Set(definitions.flatMap((d) => d.derivedFrom))];
  }

  /**
   * What a view folds of a stored event: its own context's event as is (`ownTypes`), another
   * context's as the public messages it translates to, each in the stored event's stream, version
   * and correlation (so per-stream idempotency holds), with the message's type and payload.
   */
  async sourcesOf(event: EventEnvelope, ownTypes: ReadonlySet<string>): Promise<EventEnvelope[]> {
    if (ownTypes.has(event.type)) return [event];
    return (await this.translate(event)).map((message) => ({ ...event, type: message.type, payload: message.payload }));
  }

  async translate(event: EventEnvelope): Promise<PublicMessage[]> {
    const context: TranslationContext = {
      history: () => Promise.reject(new HistoryNotAvailableError(`a consumed message is translated from ${event.type} alone; its mapping must not read the stream's history`)),
    };
    const messages: PublicMessage[] = [];
    for (const definition of this.definitions) {
      const message = await translateEvent(definition, event, context);
      if (message) messages.push(message);
    }
    return messages;
  }
}

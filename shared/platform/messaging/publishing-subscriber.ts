import { assertValidSubscriberName, type Subscriber } from '../outbox/subscriber';
import type { MessageSelection } from './message-catalogue';
import type { MessageTranslator } from './message-translator';
import type { PublicMessage } from './public-message';

/** Where translated public messages go: a webhook, the live feed, any later subscriber type. */
export interface PublicMessageSink {
  deliver(message: PublicMessage): Promise<void>;
}

export interface PublishingSubscriberOptions {
  readonly name: string;
  readonly translator: MessageTranslator;
  /** Public message types and major versions the sink receives. */
  readonly selection: readonly MessageSelection[];
  readonly sink: PublicMessageSink;
}

/**
 * A relay subscriber that translates before delivering: the relay hands it stored events in
 * version order per stream, the sink receives only the selected public messages. A failed
 * delivery fails the event (the relay retries it whole; consumers deduplicate by event-id).
 */
export function publishingSubscriber(options: PublishingSubscriberOptions): Subscriber {
  assertValidSubscriberName(options.name);
  const { translator, selection, sink } = options;
  const storedTypes = translator.storedTypesOf(selection);
  return {
    name: options.name,
    accepts: (type) => storedTypes.has(type),
    async handle(event) {
      for (const message of await translator.translate(event, selection)) await sink.deliver(message);
    },
  };
}

import type { Subscriber } from '../outbox/subscriber';
import type { LiveFeed } from './live-feed';
import type { MessageTranslator } from './message-translator';
import { publishingSubscriber } from './publishing-subscriber';

export const LIVE_FEED_SUBSCRIBER = 'live-feed';

/** The relay subscriber that publishes every public message version still published into the live feed. */
export function liveFeedSubscriber(translator: MessageTranslator, feed: LiveFeed): Subscriber {
  const selection = translator.catalogue.definitions.map(({ type, version }) => ({ type, version }));
  return publishingSubscriber({ name: LIVE_FEED_SUBSCRIBER, translator, selection, sink: feed });
}

import type { Inbox } from '../outbox/inbox';
import type { Subscriber } from '../outbox/subscriber';
import { selectionKey } from './message-catalogue';
import type { MessageTranslator } from './message-translator';
import { publishingSubscriber } from './publishing-subscriber';
import type { PublicMessage } from './public-message';

/** What a participant of a choreography does about one public message type at one major version. */
export interface MessageReaction {
  readonly type: string;
  readonly version: number;
  react(message: PublicMessage): Promise<void>;
}

export interface ParticipantOptions {
  /** The relay subscriber's name (checkpoints, dead letters) and the inbox's. */
  readonly name: string;
  readonly translator: MessageTranslator;
  /** Where the participant records the message ids it has reacted to. */
  readonly inbox: Inbox;
  readonly reactions: readonly MessageReaction[];
}

/**
 * A participant of a choreography as a relay subscriber: it receives other contexts' public
 * messages (translated from their stored events, at least once, in version order per stream) and
 * runs its reaction once per message id: the inbox skips a message already reacted to, and a
 * reaction that throws leaves no mark, so the relay's retry runs it again.
 */
export function participantSubscriber(options: ParticipantOptions): Subscriber {
  const reactions = new Map(options.reactions.map((r) => [selectionKey(r), r]));
  return publishingSubscriber({
    name: options.name,
    translator: options.translator,
    selection: options.reactions.map(({ type, version }) => ({ type, version })),
    sink: {
      async deliver(message) {
        const reaction = reactions.get(selectionKey({ type: message.type, version: message.schemaVersion }));
        if (!reaction) return;
        await options.inbox.processOnce(message.messageId, () => reaction.react(message));
      },
    },
  });
}

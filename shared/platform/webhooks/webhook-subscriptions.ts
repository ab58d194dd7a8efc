import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import type { MessageSelection } from '../messaging/message-catalogue';
import type { MessageTranslator } from '../messaging/message-translator';
import { publishingSubscriber } from '../messaging/publishing-subscriber';
import { insertOnce } from '../mongo/insert-once';
import type { Subscriber } from '../outbox/subscriber';
import { WebhookSubscriber } from './webhook-subscriber';

export interface WebhookSubscription {
  readonly name: string;
  readonly url: string;
  /** Public message types, each at one major version. */
  readonly messages: readonly MessageSelection[];
  readonly createdAt: Date;
}

interface WebhookSubscriptionDocument {
  _id: string;
  url: string;
  secret: string;
  /** Absent on subscriptions made before the published language (to stored event types): they receive nothing. */
  messages?: MessageSelection[];
  createdAt: Date;
}

export class WebhookSubscriptionExistsError extends Error {
  override readonly name = 'WebhookSubscriptionExistsError';
}

/**
 * Webhook subscriptions an operator manages through the API; the relay process turns each into
 * a signed WebhookSubscriber. The secret is shown once, at creation, and never listed.
 */
export class WebhookSubscriptions {
  private readonly collection;

  constructor(db: Db) {
    this.collection = db.collection<WebhookSubscriptionDocument>('webhook_subscriptions');
  }

  /** The caller checks `messages` against the catalogue (the API answers 400 for what it lacks). */
  async add(input: { name: string; url: string; messages: readonly MessageSelection[] }): Promise<WebhookSubscription & { secret: string }> {
    const doc: WebhookSubscriptionDocument = {
      _id: input.name,
      url: input.url,
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      messages: input.messages.map(({ type, version }) => ({ type, version })),
      createdAt: new Date(),
    };
    if (!(await insertOnce(this.collection, doc))) throw new WebhookSubscriptionExistsError(`a webhook subscription named '${input.name}' exists`);
    return { ...toSubscription(doc), secret: doc.secret };
  }

  async list(): Promise<WebhookSubscription[]> {
    return (await this.collection.find({}).toArray()).map(toSubscription).sort((a, b) => a.name.localeCompare(b.name));
  }

  async remove(name: string): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: name })).deletedCount === 1;
  }

  /**
   * Relay subscribers that translate stored events into the subscribed public messages before
   * POSTing them; the subscriber name is prefixed so it cannot clash with projections.
   */
  async subscribers(timeoutMs: number, translator: MessageTranslator): Promise<Subscriber[]> {
    const docs = await this.collection.find({}).toArray();
    return docs.map((d) => {
      const name = `webhook:${d._id}`;
      const sink = new WebhookSubscriber({ name, url: d.url, secret: d.secret, timeoutMs });
      return publishingSubscriber({ name, translator, selection: d.messages ?? [], sink });
    });
  }

  /** A fingerprint of the subscription set, to notice changes cheaply. */
  async fingerprint(): Promise<string> {
    const docs = await this.collection.find({}, { projection: { _id: 1, url: 1, messages: 1 } }).toArray();
    return JSON.stringify(docs.map((d) => [d._id, d.url, d.messages ?? []]).sort());
  }
}

function toSubscription(d: WebhookSubscriptionDocument): WebhookSubscription {
  return { name: d._id, url: d.url, messages: d.messages ?? [], createdAt: d.createdAt };
}

import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import type { KeyRing } from '../crypto/key-ring';
import { openText, sealText, type SealedBox } from '../crypto/sealed-box';
import type { MessageSelection } from '../messaging/message-catalogue';
import type { MessageTranslator } from '../messaging/message-translator';
import { publishingSubscriber } from '../messaging/publishing-subscriber';
import { insertOnce } from '../mongo/insert-once';
import type { Subscriber } from '../outbox/subscriber';
import { WebhookSubscriber, type WebhookSubscriberOptions } from './webhook-subscriber';
import type { WebhookTargetPolicy } from './webhook-target-policy';

export const WEBHOOK_SUBSCRIPTIONS_COLLECTION = 'webhook_subscriptions';

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
  /** Sealed under the data keys (a plain string in subscriptions made before encryption, sealed on first load). */
  secret: SealedBox | string;
  /** Absent on subscriptions made before the published language (to stored event types): they receive nothing. */
  messages?: MessageSelection[];
  createdAt: Date;
}

export class WebhookSubscriptionExistsError extends Error {
  override readonly name = 'WebhookSubscriptionExistsError';
}

/**
 * Webhook subscriptions an operator manages through the API; the relay process turns each into
 * a signed WebhookSubscriber. The secret is shown once, at creation, and never listed; it is
 * stored encrypted, bound to the subscription's name.
 */
export class WebhookSubscriptions {
  private readonly collection;

  constructor(
    db: Db,
    private readonly keys: KeyRing,
  ) {
    this.collection = db.collection<WebhookSubscriptionDocument>(WEBHOOK_SUBSCRIPTIONS_COLLECTION);
  }

  /** The caller checks `messages` against the catalogue (the API answers 400 for what it lacks). */
  async add(input: { name: string; url: string; messages: readonly MessageSelection[] }): Promise<WebhookSubscription & { secret: string }> {
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const doc: WebhookSubscriptionDocument = {
      _id: input.name,
      url: input.url,
      secret: sealText(this.keys, secret, sealContext(input.name)),
      messages: input.messages.map(({ type, version }) => ({ type, version })),
      createdAt: new Date(),
    };
    if (!(await insertOnce(this.collection, doc))) throw new WebhookSubscriptionExistsError(`a webhook subscription named '${input.name}' exists`);
    return { ...toSubscription(doc), secret };
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
  async subscribers(timeoutMs: number, translator: MessageTranslator, policy: WebhookTargetPolicy, prepare?: WebhookSubscriberOptions['prepare']): Promise<Subscriber[]> {
    const docs = await this.collection.find({}).toArray();
    return Promise.all(docs.map(async (d) => {
      const name = `webhook:${d._id}`;
      const sink = new WebhookSubscriber({ name, url: d.url, secret: await this.secretOf(d), timeoutMs, policy, ...(prepare ? { prepare } : {}) });
      return publishingSubscriber({ name, translator, selection: d.messages ?? [], sink });
    }));
  }

  private async secretOf(d: WebhookSubscriptionDocument): Promise<string> {
    if (typeof d.secret !== 'string') return openText(this.keys, d.secret, sealContext(d._id));
    await this.collection.updateOne({ _id: d._id }, { $set: { secret: sealText(this.keys, d.secret, sealContext(d._id)) } });
    return d.secret;
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

/** Bound into each sealed secret, so a box copied into another subscription does not open. */
function sealContext(name: string): string {
  return `${WEBHOOK_SUBSCRIPTIONS_COLLECTION}:${name}`;
}

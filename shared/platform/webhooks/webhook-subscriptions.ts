import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { insertOnce } from '../mongo/insert-once';
import { WebhookSubscriber, type WebhookSubscriberOptions } from './webhook-subscriber';

export interface WebhookSubscription {
  readonly name: string;
  readonly url: string;
  /** Event types delivered; empty means every type. */
  readonly types: readonly string[];
  readonly createdAt: Date;
}

interface WebhookSubscriptionDocument {
  _id: string;
  url: string;
  secret: string;
  types: string[];
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

  async add(input: { name: string; url: string; types: readonly string[] }): Promise<WebhookSubscription & { secret: string }> {
    const doc: WebhookSubscriptionDocument = {
      _id: input.name,
      url: input.url,
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      types: [...input.types],
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

  /** Subscribers for the relay; the subscriber name is prefixed so it cannot clash with projections. */
  async subscribers(timeoutMs: number, prepare?: WebhookSubscriberOptions['prepare']): Promise<WebhookSubscriber[]> {
    const docs = await this.collection.find({}).toArray();
    return docs.map((d) => new WebhookSubscriber({ name: `webhook:${d._id}`, url: d.url, secret: d.secret, timeoutMs, ...(prepare ? { prepare } : {}), ...(d.types.length ? { types: d.types } : {}) }));
  }

  /** A fingerprint of the subscription set, to notice changes cheaply. */
  async fingerprint(): Promise<string> {
    const docs = await this.collection.find({}, { projection: { _id: 1, url: 1, types: 1 } }).toArray();
    return JSON.stringify(docs.map((d) => [d._id, d.url, d.types]).sort());
  }
}

function toSubscription(d: WebhookSubscriptionDocument): WebhookSubscription {
  return { name: d._id, url: d.url, types: d.types, createdAt: d.createdAt };
}

import { toWireMessage, type EventEnvelope, type WireMessage } from '../event-store/event-envelope';
import { assertValidSubscriberName, type Subscriber } from '../outbox/subscriber';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, signWebhookBody } from './webhook-signature';

export interface WebhookSubscriberOptions {
  readonly name: string;
  readonly url: string;
  /** Per-subscription secret shared with the receiver. */
  readonly secret: string;
  /** Per request (default 5000 ms); keep it well below the relay's lease. */
  readonly timeoutMs?: number;
  /** Event types to send (default: all). */
  readonly types?: readonly string[];
  /** Last change to the public message before it is signed (e.g. signed links to claims). */
  readonly prepare?: (message: WireMessage) => WireMessage;
}

export class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** POSTs the public wire message as signed JSON; any 2xx is delivered, anything else a failure to retry. */
export class WebhookSubscriber implements Subscriber {
  readonly name: string;
  private readonly types?: ReadonlySet<string>;

  constructor(private readonly options: WebhookSubscriberOptions) {
    assertValidSubscriberName(options.name);
    if (!options.secret) throw new Error(`webhook subscriber '${options.name}' needs a secret`);
    new URL(options.url);
    this.name = options.name;
    if (options.types) this.types = new Set(options.types);
  }

  accepts(type: string): boolean {
    return this.types ? this.types.has(type) : true;
  }

  async handle(message: EventEnvelope): Promise<void> {
    const wire = toWireMessage(message);
    const body = JSON.stringify(this.options.prepare ? this.options.prepare(wire) : wire);
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, timestamp, body),
        [SIGNATURE_TIMESTAMP_HEADER]: timestamp,
        [EVENT_ID_HEADER]: message.eventId,
      },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
    });
    const text = await response.text().catch(() => '');
    if (response.status < 200 || response.status > 299) {
      throw new WebhookDeliveryError(response.status, `webhook '${this.name}' answered ${response.status}: ${text.slice(0, 200)}`);
    }
  }
}

import { context, propagation, SpanKind } from '@opentelemetry/api';
import { fetch } from 'undici';
import { inSpan } from '../observability/span';
import type { PublicMessageSink } from '../messaging/publishing-subscriber';
import { toPublicWire, type PublicMessage, type PublicWireMessage } from '../messaging/public-message';
import { assertValidSubscriberName } from '../outbox/subscriber';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, signWebhookBody } from './webhook-signature';
import type { WebhookTargetPolicy } from './webhook-target-policy';

export interface WebhookSubscriberOptions {
  readonly name: string;
  readonly url: string;
  /** Per-subscription secret shared with the receiver. */
  readonly secret: string;
  /** Per request (default 5000 ms); keep it well below the relay's lease. */
  readonly timeoutMs?: number;
  /** Where deliveries may go; checked again at every delivery and on the connection itself (SSRF). */
  readonly policy: WebhookTargetPolicy;
  /** Last change to the public message before it is signed (e.g. signed links to claims). */
  readonly prepare?: (message: PublicWireMessage) => PublicWireMessage;
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

/**
 * POSTs a public message in its wire envelope as signed JSON; any 2xx is delivered, anything else a
 * failure to retry. The relay reaches it through a publishing subscriber, which translates stored
 * events first (see WebhookSubscriptions.subscribers), so no stored event is ever sent.
 */
export class WebhookSubscriber implements PublicMessageSink {
  readonly name: string;

  constructor(private readonly options: WebhookSubscriberOptions) {
    assertValidSubscriberName(options.name);
    if (!options.secret) throw new Error(`webhook subscriber '${options.name}' needs a secret`);
    new URL(options.url);
    this.name = options.name;
  }

  deliver(message: PublicMessage): Promise<void> {
    return inSpan('saga-platform.webhooks', `webhook POST ${this.name}`, { 'saga.subscriber': this.name, 'saga.message_type': message.type }, () => this.post(message), SpanKind.CLIENT);
  }

  private async post(message: PublicMessage): Promise<void> {
    // The receiver may continue the trace (W3C traceparent); nothing is added while tracing is off.
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    const wire = toPublicWire(message);
    const body = JSON.stringify(this.options.prepare ? this.options.prepare(wire) : wire);
    const timestamp = Math.floor(Date.now() / 1000).toString();
    await this.options.policy.check(this.options.url);
    const response = await fetch(this.options.url, {
      dispatcher: this.options.policy.dispatcher,
      // A redirect would lead the request where the policy has not looked: it counts as a failure.
      redirect: 'manual',
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, timestamp, body),
        [SIGNATURE_TIMESTAMP_HEADER]: timestamp,
        [EVENT_ID_HEADER]: message.messageId,
        ...traceHeaders,
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

import { z } from 'zod';
import { WebhookSubscriptionExistsError, WebhookSubscriptions } from '../../../shared/platform/webhooks/webhook-subscriptions';
import { WebhookTargetPolicy, WebhookTargetRefusedError } from '../../../shared/platform/webhooks/webhook-target-policy';
import type { ApiDeps } from '../../deps';
import { problems } from '../../http/problem';
import type { ApiRoutes } from '../../http/route';
import { MessageSelectionSchema, refuseUnpublished } from '../catalog/message-selection';

const SubscriptionName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -');
const CreateWebhook = z
  .object({
    name: SubscriptionName,
    url: z.url({ protocol: /^https?$/ }).max(2_000),
    messages: z.array(MessageSelectionSchema).min(1).max(100).meta({ description: 'Public message types, each pinned to a major version (GET /catalog/messages)' }),
  })
  .strict()
  .openapi('CreateWebhookSubscription');
const WebhookView = z.object({ name: z.string(), url: z.string(), messages: z.array(MessageSelectionSchema), createdAt: z.string() }).openapi('WebhookSubscription');

export function registerWebhookRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const subscriptions = new WebhookSubscriptions(deps.mongo.db, deps.dataKeys);
  const policy = new WebhookTargetPolicy({ httpAllowed: deps.config.webhooks.httpAllowed, allowed: deps.config.webhooks.allowedTargets });
  routes.add({
    method: 'post',
    path: '/webhooks',
    scope: 'admin',
    summary: 'Subscribe a URL to public messages at a major version (signed with X-Signature: HMAC-SHA256 of "<timestamp>.<body>"); the secret is shown only here',
    description:
      'The URL must use https (http only in local use) and resolve to public addresses only, unless WEBHOOK_ALLOWED_HOSTS lists the host or range. ' +
      'A host that does not resolve yet is accepted; every delivery checks again.',
    tags: ['operations'],
    body: CreateWebhook,
    responses: { 201: { description: 'Subscription created; keep the secret', schema: WebhookView.extend({ secret: z.string() }) } },
    handler: async ({ body }, res) => {
      refuseUnpublished(body.messages);
      try {
        await policy.check(body.url, { unresolvable: 'accept' });
        const created = await subscriptions.add(body);
        res.status(201).json({ ...created, createdAt: created.createdAt.toISOString() });
      } catch (err) {
        if (err instanceof WebhookSubscriptionExistsError) throw problems.conflict('webhook-subscription-exists', err.message);
        if (err instanceof WebhookTargetRefusedError) throw problems.validation([{ location: 'body', path: 'url', message: err.message }]);
        throw err;
      }
    },
  });
  routes.add({
    method: 'get',
    path: '/webhooks',
    scope: 'admin',
    summary: 'List webhook subscriptions (without secrets)',
    tags: ['operations'],
    responses: { 200: { description: 'Subscriptions', schema: z.object({ items: z.array(WebhookView) }) } },
    handler: async (_input, res) => {
      res.json({ items: (await subscriptions.list()).map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })) });
    },
  });
  routes.add({
    method: 'delete',
    path: '/webhooks/:name',
    scope: 'admin',
    summary: 'Remove a webhook subscription',
    tags: ['operations'],
    params: z.object({ name: SubscriptionName }).strict(),
    responses: { 204: { description: 'Removed' } },
    handler: async ({ params }, res) => {
      if (!(await subscriptions.remove(params.name))) throw problems.notFound(`no webhook subscription named '${params.name}'`);
      res.status(204).end();
    },
  });
}

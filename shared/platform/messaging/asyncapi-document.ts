import { createHash } from 'node:crypto';
import type { MessageCatalogue } from './message-catalogue';
import { selectionKey } from './message-catalogue';
import type { MessageDefinition } from './message-definition';
import { payloadJsonSchema, type JsonSchema } from './message-json-schema';

export interface AsyncApiOptions {
  readonly title: string;
  readonly description: string;
  /** Where the message schemas are served, e.g. `/catalog/messages` (`<base>/<type>/versions/<n>/schema`). */
  readonly schemaBase: string;
  readonly now?: Date;
}

/** The wire envelope around a contract payload (DESIGN.md's envelope plus `kind`). */
function envelopeSchema(definition: MessageDefinition): JsonSchema {
  return {
    type: 'object',
    required: ['type', 'kind', 'event-id', 'correlation-id', 'causation-id', 'stream-id', 'version', 'timestamp', 'schema-version', 'payload'],
    properties: {
      type: { type: 'string', const: definition.type },
      kind: { type: 'string', const: definition.kind },
      'event-id': { type: 'string', format: 'uuid', description: 'Unique per message and stable across redeliveries: deduplicate by it' },
      'correlation-id': { type: 'string', description: 'The business transaction (REST request) it belongs to' },
      'causation-id': { type: 'string', description: 'The stored event it was translated from' },
      'stream-id': { type: 'string', description: 'The entity (event stream) it concerns' },
      version: { type: 'integer', minimum: 1, description: "The entity's version after the change; per stream, messages arrive in this order" },
      timestamp: { type: 'string', format: 'date-time' },
      'schema-version': { type: 'integer', const: definition.version, description: 'Major version of this contract' },
      payload: payloadJsonSchema(definition),
    },
  };
}

const channelId = (d: MessageDefinition): string => `${d.type}.v${d.version}`;

/**
 * An AsyncAPI 3 document of every public message version, from the same definitions the relay
 * translates with: one channel per (type, version), which webhooks and the live feed deliver on.
 */
export function asyncApiDocument(catalogue: MessageCatalogue, options: AsyncApiOptions): JsonSchema {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const d of catalogue.definitions) {
    const id = channelId(d);
    const status = catalogue.status(d, options.now);
    channels[id] = {
      address: id,
      title: `${d.type} v${d.version}`,
      description: `Owned by ${d.context}. Delivered to webhook subscriptions of ${d.type} version ${d.version} and on GET /messages/stream.`,
      messages: {
        [id]: {
          name: d.type,
          title: `${d.type} v${d.version} (${d.kind}${d.kind === 'state-transfer' ? `, ${d.transfer}` : ''})`,
          summary: d.description,
          description: `Why a ${d.kind}: ${d.why}`,
          contentType: 'application/json',
          headers: {
            type: 'object',
            properties: {
              'X-Event-Id': { type: 'string', description: 'Webhooks: the event-id, for deduplication' },
              'X-Signature': { type: 'string', description: 'Webhooks: sha256=<hex HMAC-SHA256 of "<X-Signature-Timestamp>.<body>">' },
              'X-Signature-Timestamp': { type: 'string', description: 'Webhooks: Unix seconds; refuse old ones' },
            },
          },
          payload: envelopeSchema(d),
          externalDocs: { url: `${options.schemaBase}/${encodeURIComponent(d.type)}/versions/${d.version}/schema`, description: 'The payload JSON Schema' },
          'x-kind': d.kind,
          ...(d.kind === 'state-transfer' ? { 'x-state-transfer': d.transfer } : {}),
          'x-status': status,
          ...(d.retiresOn ? { 'x-retires-on': d.retiresOn } : {}),
          'x-personal-data': catalogue.personalDataOf(d),
        },
      },
    };
    operations[`publish.${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      summary: `The platform publishes ${selectionKey(d)}`,
    };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: options.title, version: contentVersion(channels), description: options.description },
    defaultContentType: 'application/json',
    channels,
    operations,
  };
}

/** Changes whenever a contract changes. */
function contentVersion(channels: unknown): string {
  return `1.0.0+${createHash('sha256').update(JSON.stringify(channels)).digest('hex').slice(0, 12)}`;
}

import { z } from 'zod';
import type { Request } from 'express';
import { publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import { asyncApiDocument } from '../../../shared/platform/messaging/asyncapi-document';
import type { MessageDefinition } from '../../../shared/platform/messaging/message-definition';
import { messageSchemaDocument } from '../../../shared/platform/messaging/message-json-schema';
import type { ApiDeps } from '../../deps';
import { problems } from '../../http/problem';
import type { ApiRoutes } from '../../http/route';

const catalogue = publicMessageCatalogue;
const schemaPath = (d: Pick<MessageDefinition, 'type' | 'version'>): string => `/catalog/messages/${encodeURIComponent(d.type)}/versions/${d.version}/schema`;
const origin = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

const VersionEntry = z.object({
  version: z.number().int(),
  kind: z.enum(['notification', 'state-transfer', 'domain-event']),
  transfer: z.enum(['full', 'delta']).optional(),
  status: z.enum(['current', 'deprecated', 'retired']),
  retiresOn: z.string().optional().meta({ description: 'Last day it is published (YYYY-MM-DD)' }),
  description: z.string(),
  why: z.string().meta({ description: 'Why this kind for this message' }),
  derivedFrom: z.array(z.string()).meta({ description: 'Stored event types it is translated from (internal names, for reference only)' }),
  personalData: z.array(z.string()).meta({ description: 'Payload paths that hold personal data' }),
  schema: z.string().meta({ description: 'Path of the payload JSON Schema' }),
});
const CatalogResponse = z.object({ items: z.array(z.object({ type: z.string(), context: z.string(), versions: z.array(VersionEntry) })) }).openapi('MessageCatalog');

function versionEntry(d: MessageDefinition, now: Date): z.infer<typeof VersionEntry> {
  return {
    version: d.version,
    kind: d.kind,
    ...(d.kind === 'state-transfer' ? { transfer: d.transfer } : {}),
    status: catalogue.status(d, now),
    ...(d.retiresOn ? { retiresOn: d.retiresOn } : {}),
    description: d.description,
    why: d.why,
    derivedFrom: [...d.derivedFrom],
    personalData: [...catalogue.personalDataOf(d)],
    schema: schemaPath(d),
  };
}

/** The published language for tools: the catalogue, each contract's JSON Schema, and an AsyncAPI 3 document. */
export function registerCatalogRoutes(routes: ApiRoutes, _deps: ApiDeps): void {
  routes.add({
    method: 'get',
    path: '/catalog/messages',
    scope: 'public',
    summary: 'Every public message type and version: kind, why, status (retirement date), personal fields, schema link',
    tags: ['catalog'],
    responses: { 200: { description: 'The message catalogue', schema: CatalogResponse } },
    handler: (_input, res) => {
      const now = new Date();
      res.json({
        items: catalogue.types().map((type) => {
          const versions = catalogue.versionsOf(type);
          return { type, context: (versions[0] as MessageDefinition).context, versions: versions.map((d) => versionEntry(d, now)) };
        }),
      });
    },
  });
  routes.add({
    method: 'get',
    path: '/catalog/messages/:type/versions/:version/schema',
    scope: 'public',
    summary: "JSON Schema (draft-07) of one public message version's payload",
    tags: ['catalog'],
    params: z.object({ type: z.string().max(200), version: z.coerce.number().int().min(1) }).strict(),
    responses: { 200: { description: 'The payload schema (application/schema+json)' } },
    handler: ({ params }, res, req) => {
      const definition = catalogue.find(params.type, params.version);
      if (!definition) throw problems.notFound(`no public message ${params.type} version ${params.version} (GET /catalog/messages lists them)`);
      res.type('application/schema+json').send(JSON.stringify(messageSchemaDocument(definition, `${origin(req)}${schemaPath(definition)}`)));
    },
  });
  routes.add({
    method: 'get',
    path: '/asyncapi.json',
    scope: 'public',
    summary: 'AsyncAPI 3 document of every public message version',
    tags: ['catalog'],
    responses: { 200: { description: 'AsyncAPI 3.0 document' } },
    handler: (_input, res, req) => {
      res.json(asyncApiDocument(catalogue, {
        title: 'Saga platform: public messages',
        description: 'The published language of the bounded contexts: notifications, event-carried state transfer and domain events, delivered to signed webhooks and the live feed (GET /messages/stream).',
        schemaBase: `${origin(req)}/catalog/messages`,
      }));
    },
  });
}

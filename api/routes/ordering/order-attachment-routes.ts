import type { Request } from 'express';
import { z } from 'zod';
import { AggregateRepository, EventStore } from '../../../shared/platform/event-store';
import { ClaimStore, ClaimTicketSchema, essence, type ClaimTicket } from '../../../shared/platform/claims';
import { orderStreamId } from '../../../shared/domain/ordering/order/order-stream';
import { ATTACHMENT_CONTENT_TYPES, ATTACHMENT_READERS, isAcceptedAttachmentType } from '../../../shared/domain/ordering/attachments/attachment-policy';
import { assertRoomForAttachment, orderAttachmentsDecider } from '../../../shared/domain/ordering/attachments/order-attachments-decider';
import { orderAttachmentsStreamId } from '../../../shared/domain/ordering/attachments/order-attachments-stream';
import type { ApiDeps } from '../../deps';
import type { ApiRoutes } from '../../http/route';
import { ProblemError, problems } from '../../http/problem';
import { idempotencyKey } from '../../http/idempotency-key';
import { claimProblem, payloadTooLarge } from '../claims/claim-problems';
import { declaredSha256 } from '../claims/content-digest';
import { OrderIdParams } from './order-request-schemas';

const AttachmentAdded = z.object({
  orderId: z.string(),
  attachment: ClaimTicketSchema,
  version: z.number().int(),
  links: z.object({ content: z.string() }),
}).openapi('AttachmentAdded');

/**
 * Attachments of an order (a signed purchase order, a delivery note): the body streams into the
 * claim store, never held whole in memory, and the order's attachment stream records only the
 * ticket. Size, declared digest and content type are checked while it streams; a refusal
 * stores nothing.
 */
export function registerOrderAttachmentRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const store = new EventStore(deps.mongo.db);
  const claims = new ClaimStore(deps.mongo.db);
  const attachments = new AggregateRepository(store, orderAttachmentsDecider);
  const limit = deps.config.claims.attachmentMaxBytes;

  routes.add({
    method: 'post',
    path: '/orders/:id/attachments',
    scope: 'commands',
    summary: `Attach a document to an order: the raw body (${ATTACHMENT_CONTENT_TYPES.join(', ')}; Content-Digest or Digest with sha-256 checked when sent) goes to the claim store, the event records its ticket`,
    tags: ['ordering'],
    params: OrderIdParams,
    responses: {
      201: { description: 'Stored and recorded; Location is the content', schema: AttachmentAdded },
      413: { description: 'Larger than ATTACHMENT_MAX_BYTES (limitBytes in the problem); nothing stored' },
      415: { description: 'A type orders do not take, or content that is not of its declared type; nothing stored' },
    },
    handler: async ({ params, correlationId }, res, req) => {
      const contentType = essence(req.get('content-type') ?? '');
      if (!isAcceptedAttachmentType(contentType)) {
        throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', `an attachment must be one of ${ATTACHMENT_CONTENT_TYPES.join(', ')}`);
      }
      const declaredLength = Number(req.get('content-length') ?? Number.NaN);
      if (declaredLength > limit) refuseUnread(res, payloadTooLarge(limit));
      const expectedSha256 = declaredSha256(req);
      const key = idempotencyKey(req);
      if ((await store.streamHead(orderStreamId(params.id))) === 0) throw problems.notFound(`no order ${params.id}`);
      const streamId = orderAttachmentsStreamId(params.id);
      assertRoomForAttachment((await attachments.load(streamId)).state);

      let ticket: ClaimTicket;
      try {
        ticket = await claims.put(body(req), {
          contentType,
          readers: [...ATTACHMENT_READERS],
          holder: { kind: 'event-stream', id: streamId },
          maxBytes: limit,
          checkContentType: true,
          ...(expectedSha256 ? { expectedSha256 } : {}),
        });
      } catch (err) {
        // The rest of a refused body is not read: close the connection after the answer.
        res.setHeader('Connection', 'close');
        throw claimProblem(err);
      }
      const result = await attachments.execute(streamId, { type: 'add-order-attachment', orderId: params.id, attachment: ticket }, {
        correlationId,
        maxConflictRetries: 5,
        ...(key ? { idempotencyKey: key } : {}),
      });
      // A retry with the same Idempotency-Key answers with the first upload; this one's copy goes.
      const recorded = result.duplicate ? (result.events[0]?.payload as { attachment?: ClaimTicket } | undefined)?.attachment ?? ticket : ticket;
      if (recorded.claimId !== ticket.claimId) await claims.delete(ticket.claimId);
      const content = `/claims/${recorded.claimId}`;
      res.status(result.duplicate ? 200 : 201).setHeader('Location', content).json({ orderId: params.id, attachment: recorded, version: result.version, links: { content } });
    },
  });
}

/** The request body as it arrives; left open when the upload stops early, so the answer can still be sent. */
function body(req: Request): AsyncIterable<Uint8Array> {
  return req.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
}

function refuseUnread(res: { setHeader(name: string, value: string): unknown }, problem: ProblemError): never {
  res.setHeader('Connection', 'close');
  throw problem;
}

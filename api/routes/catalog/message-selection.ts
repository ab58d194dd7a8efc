import { z } from 'zod';
import { publicMessageCatalogue, STORED_EVENT_TYPES } from '../../../shared/domain/message-catalog';
import type { MessageSelection, SelectionRefusal } from '../../../shared/platform/messaging/message-catalogue';
import { ProblemError } from '../../http/problem';

export const MessageSelectionSchema = z
  .object({
    type: z.string().min(1).max(200).meta({ example: 'ordering.order-status-changed' }),
    version: z.number().int().min(1).meta({ description: 'Major version of the contract', example: 1 }),
  })
  .strict()
  .openapi('MessageSelection');

const EXPLAIN: Record<SelectionRefusal['reason'], (r: MessageSelection) => string> = {
  'stored-event-type': (r) => `'${r.type}' is a stored event type, internal to its context: subscribe to a public message derived from it`,
  'unknown-type': (r) => `'${r.type}' is not a public message type`,
  'unknown-version': (r) => `'${r.type}' has no version ${r.version}`,
  'retired-version': (r) => `'${r.type}' version ${r.version} is retired`,
};

/** 400 problem+json naming what cannot be subscribed to and listing every published message version. */
export function refuseUnpublished(requested: readonly MessageSelection[], now = new Date()): void {
  const refused = publicMessageCatalogue.refusals(requested, STORED_EVENT_TYPES, now);
  if (refused.length === 0) return;
  throw new ProblemError(400, 'not-a-published-message', 'Not a published message', `${refused.map((r) => EXPLAIN[r.reason](r)).join('; ')}. See 'available' or GET /catalog/messages.`, {
    refused,
    available: publicMessageCatalogue.available(now),
  });
}

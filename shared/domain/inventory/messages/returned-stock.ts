import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import { ReturnIdSchema, ReturnLineSchema } from '../../kernel/return-id';
import type { ReturnRestocked, ReturnWrittenOff } from '../returns/returned-stock-events';

const ReturnedGoods = {
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  lines: z.array(ReturnLineSchema).min(1),
};

export const ReturnRestockedV1 = z.object(ReturnedGoods);
export const ReturnWrittenOffV1 = z.object({ ...ReturnedGoods, reason: z.string() });

export const returnRestockedV1 = defineMessage<ReturnRestocked, typeof ReturnRestockedV1>({
  type: 'inventory.return-restocked',
  version: 1,
  context: 'inventory',
  kind: 'domain-event',
  description: 'The goods of a return are back in stock and can be sold again.',
  why: 'Ordering closes a return once the goods are accounted for; the new availability itself travels as inventory.stock-level-changed.',
  schema: ReturnRestockedV1,
  derivedFrom: ['return-restocked'],
  translate: ({ payload: p }) => ({ returnId: p.returnId, orderId: p.orderId, lines: [...p.lines] }),
});

export const returnWrittenOffV1 = defineMessage<ReturnWrittenOff, typeof ReturnWrittenOffV1>({
  type: 'inventory.return-written-off',
  version: 1,
  context: 'inventory',
  kind: 'domain-event',
  description: 'The goods of a return arrived unsellable and were written off, not restocked.',
  why: 'Ordering closes the return on it as on a restock, and finance books the loss; both need the business fact, not a stock level (which did not change).',
  schema: ReturnWrittenOffV1,
  derivedFrom: ['return-written-off'],
  translate: ({ payload: p }) => ({ returnId: p.returnId, orderId: p.orderId, lines: [...p.lines], reason: p.reason }),
});

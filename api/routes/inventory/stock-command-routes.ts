import { z } from 'zod';
import { AggregateRepository, EventStore } from '../../../shared/platform/event-store';
import { stockDecider } from '../../../shared/domain/inventory/stock/stock-decider';
import { stockStreamId } from '../../../shared/domain/inventory/stock/stock-stream';
import { SkuSchema } from '../../../shared/domain/kernel/sku';
import type { ApiDeps } from '../../deps';
import type { ApiRoutes } from '../../http/route';
import { idempotencyKey } from '../../http/idempotency-key';

const StockReceipt = z.object({ quantity: z.number().int().min(1).max(1_000_000) }).strict().openapi('StockReceipt');
const StockReceived = z.object({ sku: z.string(), available: z.number().int(), version: z.number().int() }).openapi('StockReceived');

/**
 * Goods arriving at the warehouse: a command on one Stock aggregate, with no other context
 * involved, so it is appended directly rather than through a workflow.
 */
export function registerStockCommandRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const stock = new AggregateRepository(new EventStore(deps.mongo.db), stockDecider);
  routes.add({
    method: 'post',
    path: '/inventory/:sku/receipts',
    scope: 'commands',
    summary: 'Record goods received for a SKU (stock-received)',
    tags: ['inventory'],
    params: z.object({ sku: SkuSchema }).strict(),
    body: StockReceipt,
    idempotencyKeyHeader: true,
    responses: { 201: { description: 'Stock received', schema: StockReceived } },
    handler: async ({ params, body, correlationId }, res, req) => {
      // A client retrying with the same Idempotency-Key header records the receipt once.
      const key = idempotencyKey(req);
      const result = await stock.execute(stockStreamId(params.sku), { type: 'receive-stock', sku: params.sku, quantity: body.quantity }, {
        correlationId,
        ...(key ? { idempotencyKey: `receipt:${key}` } : {}),
        maxConflictRetries: 10,
      });
      const last = result.events.at(-1)?.payload as { availableAfter?: number } | undefined;
      res.status(201).json({ sku: params.sku, available: last?.availableAfter ?? 0, version: result.version });
    },
  });
}

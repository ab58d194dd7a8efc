import { z } from 'zod';
import { readStockLevel } from '../../../shared/domain/inventory/views/stock-levels';
import { SkuSchema } from '../../../shared/domain/kernel/sku';
import type { ApiDeps } from '../../deps';
import { MinVersionSchema, readSide, readViewDocument } from '../../http/view-reads';
import type { ApiRoutes } from '../../http/route';

const StockLevelResponse = z
  .object({
    sku: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    failedReservations: z.number().int(),
    version: z.number().int().describe('Version of the stock stream the level reflects'),
    updatedAt: z.string(),
  })
  .openapi('StockLevel');

export function registerStockQueryRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const side = readSide(deps);
  routes.add({
    method: 'get',
    path: '/stock/:sku',
    scope: 'queries',
    summary: 'Stock level of a SKU (view): on hand, reserved, available',
    tags: ['inventory', 'views'],
    params: z.object({ sku: SkuSchema }).strict(),
    query: z.object({ minVersion: MinVersionSchema.describe('Wait for this version of the stock stream (the `version` POST /inventory/{sku}/receipts returned)') }).strict(),
    responses: { 200: { description: 'The stock level', schema: StockLevelResponse } },
    handler: async ({ params, query }, res) => {
      const doc = await readViewDocument(res, side, 'stock-levels', (reader) => readStockLevel(reader, params.sku), {
        what: `stock of ${params.sku}`,
        minVersion: query.minVersion,
        notFound: `no stock of ${params.sku} in the view (never received, or not projected yet)`,
      });
      res.json({ ...doc.state, version: doc.version, updatedAt: doc.updatedAt });
    },
  });
}

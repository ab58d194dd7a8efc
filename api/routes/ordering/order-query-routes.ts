import { z } from 'zod';
import { CustomerIdSchema, OrderIdSchema } from '../../../shared/domain/kernel/identifiers';
import { UsStateSchema } from '../../../shared/domain/kernel/us-state';
import { readOrderSummary } from '../../../shared/domain/ordering/views/order-summary';
import { InvalidCursorError, pageCustomerOrders, readCustomerOrders } from '../../../shared/domain/ordering/views/orders-by-customer';
import { readSalesByState, saleId, type OrderSaleDocument } from '../../../shared/domain/ordering/views/sales-by-state';
import type { ApiDeps } from '../../deps';
import { problems } from '../../http/problem';
import { MinVersionSchema, readConsistently, readSide, readViewDocument } from '../../http/view-reads';
import type { ApiRoutes } from '../../http/route';

const StepList = z.array(z.string());

const OrderSummaryResponse = z
  .object({
    orderId: z.string(),
    customerId: z.string(),
    status: z.enum(['pending', 'confirmed', 'dispatched', 'cancelled', 'rejected']).describe('dispatched: confirmed and the shipment has left'),
    review: z.string(),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number().int(), unitPriceCents: z.number().int(), lineTotalCents: z.number().int() })),
    totalCents: z.number().int(),
    currency: z.string(),
    shippingAddress: z.record(z.string(), z.string()),
    placedAt: z.string(),
    confirmedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    outcomeReason: z.string().nullable(),
    saga: z.object({ stepsCompleted: StepList, stepsCompensated: StepList, stepsFailed: z.array(z.object({ step: z.string(), reason: z.string() })) }),
    payment: z.record(z.string(), z.unknown()).nullable(),
    shipment: z.record(z.string(), z.unknown()).nullable(),
    stock: z.array(z.record(z.string(), z.unknown())),
    loyalty: z.record(z.string(), z.unknown()).nullable(),
    version: z.number().int().describe('Version of the order stream the summary reflects'),
    sources: z.array(z.object({ streamId: z.string(), version: z.number().int() })),
    updatedAt: z.string(),
  })
  .openapi('OrderSummary');

const CustomerOrdersResponse = z
  .object({
    customerId: z.string(),
    orders: z.array(z.object({
      orderId: z.string(), version: z.number().int(), status: z.string(), totalCents: z.number().int(), currency: z.string(),
      itemCount: z.number().int(), shipToState: z.string(), placedAt: z.string(), updatedAt: z.string(),
    })),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
  })
  .openapi('CustomerOrdersPage');

const SalesByStateResponse = z
  .object({
    currency: z.literal('USD'),
    states: z.array(z.object({ state: z.string(), amountCents: z.number().int(), orders: z.number().int() })),
    total: z.object({ amountCents: z.number().int(), orders: z.number().int() }),
  })
  .openapi('SalesByState');

/** `?orderId=&minVersion=`: wait until that order's stream version is reflected in an aggregate view. */
const OrderConsistency = {
  orderId: OrderIdSchema.optional().describe('With minVersion: the order whose stream version to wait for'),
  minVersion: MinVersionSchema.describe('Read your writes: wait (bounded) until the view reflects this version of the order stream; needs orderId'),
};
const needsOrderId = (q: { orderId?: string; minVersion?: number }) => q.minVersion === undefined || q.orderId !== undefined;

/** Query side of ordering: views only (the saga's live state is GET /orders/{id}/saga). */
export function registerOrderQueryRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const side = readSide(deps);

  routes.add({
    method: 'get',
    path: '/orders/:id',
    scope: 'queries',
    summary: 'Order summary view: status, lines, total, saga steps and compensations as the events show them',
    tags: ['ordering', 'views'],
    params: z.object({ id: OrderIdSchema }).strict(),
    query: z.object({ minVersion: MinVersionSchema.describe('Wait until the summary reflects this version of the order stream (see GET /orders/{id}/saga, orderVersion)') }).strict(),
    responses: { 200: { description: 'The order summary', schema: OrderSummaryResponse } },
    handler: async ({ params, query }, res) => {
      const summary = await readViewDocument(res, side, 'order-summary', (reader) => readOrderSummary(reader, params.id), {
        what: `order ${params.id}`,
        minVersion: query.minVersion,
        notFound: `order ${params.id} is not in the order summary view (unknown, or not projected yet)`,
      });
      res.json(summary);
    },
  });

  routes.add({
    method: 'get',
    path: '/customers/:id/orders',
    scope: 'queries',
    summary: "A customer's orders, newest first (paged with limit and cursor)",
    tags: ['ordering', 'views'],
    params: z.object({ id: CustomerIdSchema }).strict(),
    query: z
      .object({
        limit: z.coerce.number().int().min(1).max(100).default(20),
        cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
        status: z.enum(['pending', 'confirmed', 'cancelled', 'rejected']).optional(),
        ...OrderConsistency,
      })
      .strict()
      .refine(needsOrderId, { message: 'minVersion needs orderId', path: ['orderId'] }),
    responses: { 200: { description: 'One page of orders (an empty list for a customer without orders)', schema: CustomerOrdersResponse } },
    handler: async ({ params, query }, res) => {
      const doc = await readConsistently(
        res, side, `customer ${params.id}'s orders`,
        async () => readCustomerOrders(await side.view('orders-by-customer'), params.id),
        (d) => d.orders.find((o) => o.orderId === query.orderId)?.version ?? 0,
        query.minVersion,
      );
      try {
        res.json(pageCustomerOrders(params.id, doc?.orders ?? [], query));
      } catch (err) {
        if (err instanceof InvalidCursorError) throw problems.validation([{ location: 'query', path: 'cursor', message: err.message }]);
        throw err;
      }
    },
  });

  routes.add({
    method: 'get',
    path: '/reports/sales-by-state',
    scope: 'queries',
    summary: 'Sum and count of confirmed orders per US state (the CQRS example: GROUP BY state, kept incrementally)',
    tags: ['ordering', 'views'],
    query: z.object({ state: UsStateSchema.optional(), ...OrderConsistency }).strict().refine(needsOrderId, { message: 'minVersion needs orderId', path: ['orderId'] }),
    responses: { 200: { description: 'Sales by state', schema: SalesByStateResponse } },
    handler: async ({ query }, res) => {
      if (query.orderId !== undefined) {
        const orderId = query.orderId;
        await readConsistently(res, side, `order ${orderId} in sales by state`, async () => (await side.view('sales-by-state')).get<OrderSaleDocument>(saleId(orderId)), (d) => d.version, query.minVersion);
      }
      const report = await readSalesByState(await side.view('sales-by-state'));
      const states = query.state ? report.states.filter((s) => s.state === query.state) : report.states;
      const total = states.reduce((t, s) => ({ amountCents: t.amountCents + s.amountCents, orders: t.orders + s.orders }), { amountCents: 0, orders: 0 });
      res.json({ currency: 'USD', states, total });
    },
  });
}

import { z } from 'zod';
import { readCustomerRecord } from '../../../shared/domain/crm/views/customers';
import { CustomerIdSchema } from '../../../shared/domain/kernel/identifiers';
import type { ApiDeps } from '../../deps';
import { MinVersionSchema, readSide, readViewDocument } from '../../http/view-reads';
import type { ApiRoutes } from '../../http/route';

const CustomerResponse = z
  .object({
    customerId: z.string(),
    name: z.object({ firstName: z.string(), lastName: z.string() }),
    email: z.string(),
    phone: z.string().optional(),
    shippingAddress: z.record(z.string(), z.string()).optional(),
    marketingOptIn: z.boolean(),
    version: z.number().int().describe('Version of the customer stream the copy reflects'),
    updatedAt: z.string(),
  })
  .openapi('CustomerRecord');

/** The customer as other contexts see it: a copy kept from customer-updated messages. */
export function registerCustomerQueryRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const side = readSide(deps);
  routes.add({
    method: 'get',
    path: '/customers/:id',
    scope: 'queries',
    summary: 'A customer (view kept from customer-updated messages)',
    tags: ['crm', 'views'],
    params: z.object({ id: CustomerIdSchema }).strict(),
    query: z.object({ minVersion: MinVersionSchema.describe('Wait for this version of the customer stream (the `version` PUT or PATCH returned)') }).strict(),
    responses: { 200: { description: 'The customer', schema: CustomerResponse } },
    handler: async ({ params, query }, res) => {
      const doc = await readViewDocument(res, side, 'customers', (reader) => readCustomerRecord(reader, params.id), {
        what: `customer ${params.id}`,
        minVersion: query.minVersion,
        notFound: `customer ${params.id} is not in the view (unknown, or not projected yet)`,
      });
      res.json({ customerId: doc.state.customerId, ...doc.state.profile, version: doc.version, updatedAt: doc.updatedAt });
    },
  });
}

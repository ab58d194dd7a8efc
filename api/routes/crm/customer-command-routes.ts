import { z } from 'zod';
import { CustomerChangesSchema, CustomerProfileSchema } from '../../../shared/domain/crm/customer/customer-profile';
import { customerDecider, type CustomerCommand } from '../../../shared/domain/crm/customer/customer-decider';
import { customerStreamId } from '../../../shared/domain/crm/customer/customer-stream';
import { AggregateRepository, EventStore } from '../../../shared/platform/event-store';
import { CustomerIdSchema } from '../../../shared/domain/kernel/identifiers';
import { isDomainRejection } from '../../../shared/domain/kernel/domain-rejection';
import type { ApiDeps } from '../../deps';
import { problems } from '../../http/problem';
import type { ApiRoutes } from '../../http/route';

const CustomerWritten = z
  .object({
    customerId: z.string(),
    version: z.number().int().describe('Version of the customer stream after the command; pass as ?minVersion to GET /customers/{id}'),
    changed: z.boolean().describe('False when the command changed nothing (no message was published)'),
  })
  .openapi('CustomerWritten');

const Params = z.object({ id: CustomerIdSchema }).strict();

/**
 * CRM commands on a customer record. Each change is appended to the stream `customer-<id>` as a
 * `customer-updated` message (event-carried state transfer): PUT publishes the full customer,
 * PATCH only the changed fields. The outbox relay delivers it to every consumer.
 */
export function registerCustomerCommandRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const customers = new AggregateRepository(new EventStore(deps.mongo.db), customerDecider);
  const run = async (customerId: string, command: CustomerCommand, correlationId: string) => {
    try {
      return await customers.execute(customerStreamId(customerId), command, { correlationId, maxConflictRetries: 10 });
    } catch (err) {
      if (isDomainRejection(err) && err.code === 'customer-not-found') throw problems.notFound(err.message);
      throw err;
    }
  };

  routes.add({
    method: 'put',
    path: '/customers/:id',
    scope: 'commands',
    summary: 'Record a customer in full (publishes customer-updated, form "full")',
    tags: ['crm'],
    params: Params,
    body: CustomerProfileSchema.openapi('CustomerProfile'),
    responses: { 201: { description: 'First version recorded', schema: CustomerWritten }, 200: { description: 'Recorded (or unchanged)', schema: CustomerWritten } },
    handler: async ({ params, body, correlationId }, res) => {
      const result = await run(params.id, { type: 'replace-customer', customerId: params.id, customer: body }, correlationId);
      const created = result.events[0]?.version === 1;
      res.status(created ? 201 : 200).setHeader('Location', `/customers/${params.id}?minVersion=${result.version}`);
      res.json({ customerId: params.id, version: result.version, changed: result.events.length > 0 });
    },
  });

  routes.add({
    method: 'patch',
    path: '/customers/:id',
    scope: 'commands',
    summary: 'Change some fields of a customer (publishes customer-updated, form "changed-fields"); 404 if never recorded',
    tags: ['crm'],
    params: Params,
    body: CustomerChangesSchema.openapi('CustomerChanges', { minProperties: 1, description: 'At least one field must change' }),
    responses: { 200: { description: 'Changed (or unchanged)', schema: CustomerWritten } },
    handler: async ({ params, body, correlationId }, res) => {
      const result = await run(params.id, { type: 'change-customer', customerId: params.id, changes: body }, correlationId);
      res.setHeader('Location', `/customers/${params.id}?minVersion=${result.version}`);
      res.json({ customerId: params.id, version: result.version, changed: result.events.length > 0 });
    },
  });
}

import type { DomainEvent } from '../../../platform/event-store/decider';
import type { CustomerChanges, CustomerProfile } from './customer-profile';

/**
 * `customer-updated`: an event-carried state transfer message of the crm context, on the
 * stream `customer-<id>`. Either the whole customer (`full`) or only the fields that changed
 * (`changed-fields`); the envelope's `version` orders them, so a consumer can keep a local copy
 * of the customer and keep working while the CRM is down. A consumer applies a full message
 * whose version is above its copy's, and a changed-fields message only on top of the version
 * just before it.
 */
export type CustomerUpdatedPayload =
  | { readonly form: 'full'; readonly customerId: string; readonly customer: CustomerProfile }
  | { readonly form: 'changed-fields'; readonly customerId: string; readonly changes: CustomerChanges };

export type CustomerUpdated = DomainEvent<'customer-updated', CustomerUpdatedPayload>;

export type CustomerEvent = CustomerUpdated;

export const CUSTOMER_EVENT_TYPES = ['customer-updated'] as const satisfies readonly CustomerEvent['type'][];

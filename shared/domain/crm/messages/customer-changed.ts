import { z } from 'zod';
import { fold } from '../../../platform/event-store/decider';
import { defineMessage, personalData } from '../../../platform/messaging/message-definition';
import { EmailAddressSchema } from '../../kernel/email-address';
import { CustomerIdSchema } from '../../kernel/identifiers';
import { PhoneNumberSchema } from '../../kernel/phone-number';
import { ShippingAddressSchema } from '../../kernel/shipping-address';
import { PersonNameSchema } from '../person-name';
import { customerDecider } from '../customer/customer-decider';
import type { CustomerEvent } from '../customer/customer-events';
import { diffProfiles, type CustomerChanges } from '../customer/customer-profile';

export const CustomerChangedV1 = z.object({
  customerId: personalData(CustomerIdSchema),
  changes: z
    .object({
      name: personalData(PersonNameSchema).optional(),
      email: personalData(EmailAddressSchema).optional(),
      phone: personalData(PhoneNumberSchema).nullable().optional(),
      shippingAddress: personalData(ShippingAddressSchema).nullable().optional(),
      marketingOptIn: z.boolean().optional(),
    })
    .meta({ description: 'Only the fields that changed; null clears phone or shippingAddress. Apply on top of version - 1.' }),
});

export const customerChangedV1 = defineMessage<CustomerEvent, typeof CustomerChangedV1>({
  type: 'crm.customer-changed',
  version: 1,
  context: 'crm',
  kind: 'state-transfer',
  transfer: 'delta',
  description: "A customer's changed fields. The envelope's version is the customer's version; a full copy is built from version 1 on.",
  why: 'Consumers that keep a copy of the customer (pre-filled addresses, marketing) apply only what changed, so personal data that did not change is not sent around again.',
  schema: CustomerChangedV1,
  derivedFrom: ['customer-updated'],
  async translate(event, context) {
    const p = event.payload;
    let changes: CustomerChanges;
    if (p.form === 'changed-fields') changes = p.changes;
    else {
      const before = (await context.history()).filter((e) => e.version < event.version) as unknown as CustomerEvent[];
      const previous = fold(customerDecider, customerDecider.initialState, before).profile;
      changes = previous ? diffProfiles(previous, p.customer) : p.customer;
    }
    // The CRM validated these fields before storing them; the translator checks them against the contract again.
    return { customerId: p.customerId, changes: changes as z.input<typeof CustomerChangedV1>['changes'] };
  },
});

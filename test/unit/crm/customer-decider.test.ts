import { describe, it } from 'vitest';
import { customerDecider } from '../../../shared/domain/crm/customer/customer-decider';
import type { CustomerEvent } from '../../../shared/domain/crm/customer/customer-events';
import { given } from '../../support/given-when-then';

const ada = { name: { firstName: 'Ada', lastName: 'Lovelace' }, email: 'ada@example.com', marketingOptIn: false };
const recorded: CustomerEvent = { type: 'customer-updated', payload: { form: 'full', customerId: 'cus_7', customer: ada } };

describe('customer decider (crm)', () => {
  it('publishes the whole customer, normalised, on replace', () => {
    given(customerDecider)
      .when({ type: 'replace-customer', customerId: 'cus_7', customer: { ...ada, email: ' ADA@Example.com ', phone: '+1 (415) 555-0100' } })
      .then([{ type: 'customer-updated', payload: { form: 'full', customerId: 'cus_7', customer: { ...ada, phone: '+14155550100' } } }]);
  });

  it('publishes only the fields that changed; null clears one', () => {
    given(customerDecider, [{ type: 'customer-updated', payload: { form: 'full', customerId: 'cus_7', customer: { ...ada, phone: '+14155550100' } } }])
      .when({ type: 'change-customer', customerId: 'cus_7', changes: { email: 'ada@example.com', phone: null, marketingOptIn: true } })
      .then([{ type: 'customer-updated', payload: { form: 'changed-fields', customerId: 'cus_7', changes: { phone: null, marketingOptIn: true } } }]);
  });

  it('publishes nothing when nothing changes', () => {
    given(customerDecider, [recorded]).when({ type: 'replace-customer', customerId: 'cus_7', customer: ada }).then([]);
    given(customerDecider, [recorded]).when({ type: 'change-customer', customerId: 'cus_7', changes: { marketingOptIn: false } }).then([]);
  });

  it('refuses a change to a customer never recorded', () => {
    given(customerDecider).when({ type: 'change-customer', customerId: 'cus_7', changes: { marketingOptIn: true } }).thenRejected('customer-not-found');
  });

  it('refuses invalid data', () => {
    given(customerDecider).when({ type: 'replace-customer', customerId: 'cus_7', customer: { ...ada, email: 'not-an-email' } }).thenRejected('invalid-value');
  });
});

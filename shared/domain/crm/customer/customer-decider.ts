import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { CustomerId } from '../../kernel/identifiers';
import { applyCustomerChanges, diffProfiles, normaliseChanges, normaliseProfile, type CustomerChanges, type CustomerProfile } from './customer-profile';
import type { CustomerEvent } from './customer-events';

export type CustomerCommand =
  | { readonly type: 'replace-customer'; readonly customerId: string; readonly customer: CustomerProfile }
  | { readonly type: 'change-customer'; readonly customerId: string; readonly changes: CustomerChanges };

export interface CustomerState {
  readonly profile: CustomerProfile | null;
}

/**
 * The CRM's customer record. Replacing it with the same data, or a change that changes
 * nothing, appends nothing; a change to a customer never recorded is refused.
 */
export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  initialState: { profile: null },
  decide(command, state) {
    const customerId = CustomerId.of(command.customerId).value;
    if (command.type === 'replace-customer') {
      const customer = normaliseProfile(command.customer);
      if (state.profile && JSON.stringify(state.profile) === JSON.stringify(customer)) return [];
      return [{ type: 'customer-updated', payload: { form: 'full', customerId, customer } }];
    }
    if (!state.profile) throw new DomainRejection('customer-not-found', `Customer ${customerId} is not recorded; PUT the whole customer first`, { customerId });
    const after = normaliseProfile(applyCustomerChanges(state.profile, normaliseChanges(command.changes)));
    const changes = diffProfiles(state.profile, after);
    if (Object.keys(changes).length === 0) return [];
    return [{ type: 'customer-updated', payload: { form: 'changed-fields', customerId, changes } }];
  },
  evolve(state, event) {
    const p = event.payload;
    if (p.form === 'full') return { profile: p.customer };
    return { profile: state.profile ? applyCustomerChanges(state.profile, p.changes) : null };
  },
};

import { describe, expect, it } from 'vitest';
import { customersView, readCustomerRecord } from '../../../shared/domain/crm/views/customers';
import { ProjectionOrderError } from '../../../shared/platform/projections/projection-view';
import { MemoryViewStore } from '../../../shared/platform/projections/memory-view-store';
import { at, ev, given } from './view-fixtures';

const s = 'customer-cus_7';
const ada = { name: { firstName: 'Ada', lastName: 'Lovelace' }, email: 'ada@example.com', phone: '+14155550100', marketingOptIn: false };
const full = (v: number, customer: object) => ev(s, v, 'customer-updated', { form: 'full', customerId: 'cus_7', customer });
const changed = (v: number, changes: object) => ev(s, v, 'customer-updated', { form: 'changed-fields', customerId: 'cus_7', changes });
const read = (r: Parameters<typeof readCustomerRecord>[0]) => readCustomerRecord(r, 'cus_7');

describe('customers view (event-carried state transfer)', () => {
  it('keeps the customer a full message carries', async () => {
    await given(customersView).when(full(1, ada)).thenRead(read, {
      _id: 'cus_7', streamId: s, version: 1, updatedAt: at(1), state: { customerId: 'cus_7', profile: ada }, rev: 1,
    });
  });

  it('applies changed fields on top of the previous version; null clears a field', async () => {
    const store = await given(customersView, [full(1, ada)]).when(changed(2, { email: 'ada@lovelace.org', phone: null })).applied();
    expect((await read(store))?.state.profile).toEqual({ name: ada.name, email: 'ada@lovelace.org', marketingOptIn: false });
  });

  it('a full message replaces everything, whatever came before', async () => {
    const store = await given(customersView, [full(1, ada), changed(2, { marketingOptIn: true })])
      .when(full(3, { name: { firstName: 'Augusta', lastName: 'King' }, email: 'augusta@example.com', marketingOptIn: false })).applied();
    expect((await read(store))?.state.profile).toEqual({ name: { firstName: 'Augusta', lastName: 'King' }, email: 'augusta@example.com', marketingOptIn: false });
  });

  it('refuses changed fields whose previous version it does not hold (it cannot know the rest)', async () => {
    const store = new MemoryViewStore();
    await customersView.apply(store, full(1, ada));
    await expect(customersView.apply(store, changed(3, { marketingOptIn: true }))).rejects.toBeInstanceOf(ProjectionOrderError);
    expect((await read(store))?.version).toBe(1);
  });

  it('ignores a message at or below the version it holds', async () => {
    const store = await given(customersView, [full(1, ada), changed(2, { marketingOptIn: true })]).when(full(1, ada)).applied();
    expect(await read(store)).toMatchObject({ version: 2, state: { profile: { marketingOptIn: true } } });
  });
});

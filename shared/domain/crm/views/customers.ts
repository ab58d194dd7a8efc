import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import { ProjectionOrderError, type ProjectionView } from '../../../platform/projections/projection-view';
import { applyToStreamDocument, type StreamDocument } from '../../../platform/projections/stream-document';
import type { ViewReader } from '../../../platform/projections/view-store';
import { applyCustomerChanges, type CustomerProfile } from '../customer/customer-profile';
import { CUSTOMER_EVENT_TYPES, type CustomerUpdatedPayload } from '../customer/customer-events';

/** The local copy of a CRM customer that other contexts keep from `customer-updated` messages. */
export interface CustomerRecord {
  readonly customerId: string;
  readonly profile: CustomerProfile;
}

export type CustomerRecordDocument = StreamDocument<CustomerRecord>;

/**
 * Event-carried state transfer, consumer side: a full message replaces the copy; a
 * changed-fields message applies only on top of the version right before it (a copy missing
 * that version cannot know the fields that message did not repeat).
 */
export function evolveCustomerRecord(record: CustomerRecord | undefined, event: EventEnvelope, appliedVersion = 0): CustomerRecord {
  const payload = event.payload as CustomerUpdatedPayload;
  if (payload.form === 'full') return { customerId: payload.customerId, profile: payload.customer };
  if (!record || event.version !== appliedVersion + 1) {
    throw new ProjectionOrderError(
      `customer-updated v${event.version} of ${event.streamId} carries changed fields only; the copy is at v${appliedVersion}`,
    );
  }
  return { ...record, profile: applyCustomerChanges(record.profile, payload.changes) };
}

/** One document per customer, `_id = customerId`, written only by the stream `customer-<id>`. */
export const customersView: ProjectionView = {
  name: 'customers',
  eventTypes: CUSTOMER_EVENT_TYPES,
  async apply(store, event) {
    const { customerId } = event.payload as CustomerUpdatedPayload;
    await applyToStreamDocument(store, customerId, event, evolveCustomerRecord);
  },
  documents(event) {
    const id = (event.payload as CustomerUpdatedPayload).customerId;
    return event.version === 1 ? { creates: [id] } : { reads: [id] };
  },
};

export function readCustomerRecord(reader: ViewReader, customerId: string): Promise<CustomerRecordDocument | null> {
  return reader.get<CustomerRecordDocument>(customerId);
}

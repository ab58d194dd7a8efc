import { describe, it } from 'vitest';
import { MAX_ATTACHMENTS_PER_ORDER } from '../../../shared/domain/ordering/attachments/attachment-policy';
import type { OrderAttachmentAdded } from '../../../shared/domain/ordering/attachments/order-attachment-events';
import { orderAttachmentsDecider, type AddOrderAttachment } from '../../../shared/domain/ordering/attachments/order-attachments-decider';
import { given } from '../../support/given-when-then';

const ticket = (n: number) => ({ claimId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, size: 1000 + n, contentType: 'application/pdf', sha256: 'a'.repeat(64) });
const add = (n: number): AddOrderAttachment => ({ type: 'add-order-attachment', orderId: 'o-1', attachment: ticket(n) });
const added = (n: number): OrderAttachmentAdded => ({ type: 'order-attachment-added', payload: { orderId: 'o-1', attachment: ticket(n) } });

describe('order attachments', () => {
  it('records the ticket of an attachment', () => {
    given(orderAttachmentsDecider).when(add(1)).then([added(1)]);
  });

  it('attaching the same claim again changes nothing', () => {
    given(orderAttachmentsDecider, [added(1)]).when(add(1)).then([]);
  });

  it(`refuses more than ${MAX_ATTACHMENTS_PER_ORDER} attachments`, () => {
    const full = Array.from({ length: MAX_ATTACHMENTS_PER_ORDER }, (_, i) => added(i));
    given(orderAttachmentsDecider, full).when(add(99)).thenRejected('too-many-attachments');
  });
});

import { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { OrderId, ProviderReferenceSchema } from '../../kernel/identifiers';
import { parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';
import { CardLast4Schema } from '../card-number';
import type {
  AuthorizePayment,
  CapturePayment,
  PaymentCommand,
  RecordPaymentDecline,
  RefundPayment,
  VoidPayment,
} from './payment-commands';
import { PAYMENT_AUTHORIZED_SCHEMA_VERSION, type PaymentAuthorizedPayload, type PaymentEvent } from './payment-events';
import { initialPaymentState, type PaymentState } from './payment-state';

const PaymentAmountSchema = z.number().int().min(1, 'must be at least 1 cent').max(Number.MAX_SAFE_INTEGER);
const DeclineCodeSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a kebab-case code');

const reference = (raw: string, field: string): string => parseValue(ProviderReferenceSchema, raw, field);

/**
 * The Payment aggregate (one per order).
 *
 * Idempotent repeats (no events): authorize-payment with the recorded authorizationId;
 * record-payment-decline identical to the last decline; capture-payment or
 * refund-payment with the recorded captureId/refundId; void-payment once voided.
 * Compensations tolerate "nothing to undo": void-payment before any authorization (or
 * after a decline) returns no events.
 */
export const paymentDecider: Decider<PaymentCommand, PaymentEvent, PaymentState> = {
  initialState: initialPaymentState,
  decide(command, state) {
    switch (command.type) {
      case 'authorize-payment':
        return authorize(command, state);
      case 'record-payment-decline':
        return recordDecline(command, state);
      case 'capture-payment':
        return capture(command, state);
      case 'void-payment':
        return voidPayment(command, state);
      case 'refund-payment':
        return refund(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'payment-authorized':
        return { status: 'authorized', authorization: event.payload };
      case 'payment-declined':
        return { status: 'declined', lastDecline: event.payload };
      case 'payment-captured':
        return 'authorization' in state
          ? { status: 'captured', authorization: state.authorization, captureId: event.payload.captureId }
          : state;
      case 'payment-voided':
        return 'authorization' in state ? { status: 'voided', authorization: state.authorization } : state;
      case 'payment-refunded':
        return 'authorization' in state
          ? {
              status: 'refunded',
              authorization: state.authorization,
              captureId: event.payload.captureId,
              refundId: event.payload.refundId,
            }
          : state;
    }
  },
};

function authorize(command: AuthorizePayment, state: PaymentState): PaymentEvent[] {
  const payload: PaymentAuthorizedPayload = {
    orderId: OrderId.of(command.orderId).value,
    amount: { amountCents: parseValue(PaymentAmountSchema, command.amountCents, 'amountCents'), currency: 'USD' },
    authorizationId: reference(command.authorizationId, 'authorizationId'),
    cardLast4: parseValue(CardLast4Schema, command.cardLast4, 'cardLast4'),
  };
  if (state.status === 'none' || state.status === 'declined') {
    return [{ type: 'payment-authorized', schemaVersion: PAYMENT_AUTHORIZED_SCHEMA_VERSION, payload }];
  }
  if (state.status === 'authorized' && state.authorization.authorizationId === payload.authorizationId) return [];
  throw new DomainRejection('payment-already-authorized', `Payment for order ${state.authorization.orderId} is ${state.status}`, {
    orderId: state.authorization.orderId,
    status: state.status,
  });
}

function recordDecline(command: RecordPaymentDecline, state: PaymentState): PaymentEvent[] {
  const payload = {
    orderId: OrderId.of(command.orderId).value,
    amountCents: parseValue(PaymentAmountSchema, command.amountCents, 'amountCents'),
    currency: 'USD' as const,
    declineCode: parseValue(DeclineCodeSchema, command.declineCode, 'declineCode'),
    reason: parseReason(command.reason),
  };
  if (state.status === 'declined' && JSON.stringify(state.lastDecline) === JSON.stringify(payload)) return [];
  if (state.status === 'none' || state.status === 'declined') return [{ type: 'payment-declined', payload }];
  throw new DomainRejection('payment-already-authorized', `Payment for order ${state.authorization.orderId} is ${state.status}`, {
    orderId: state.authorization.orderId,
    status: state.status,
  });
}

function capture(command: CapturePayment, state: PaymentState): PaymentEvent[] {
  const captureId = reference(command.captureId, 'captureId');
  switch (state.status) {
    case 'none':
    case 'declined':
      throw new DomainRejection('payment-not-authorized', 'There is no authorization to capture');
    case 'voided':
      throw new DomainRejection('payment-already-voided', `Payment for order ${state.authorization.orderId} was voided`, {
        orderId: state.authorization.orderId,
      });
    case 'captured':
    case 'refunded':
      if (state.captureId === captureId) return [];
      throw new DomainRejection('payment-already-captured', `Payment for order ${state.authorization.orderId} was captured`, {
        orderId: state.authorization.orderId,
        captureId: state.captureId,
      });
    case 'authorized': {
      const { orderId, amount, authorizationId } = state.authorization;
      return [{ type: 'payment-captured', payload: { orderId, ...amount, authorizationId, captureId } }];
    }
  }
}

function voidPayment(command: VoidPayment, state: PaymentState): PaymentEvent[] {
  const reason = parseReason(command.reason);
  switch (state.status) {
    case 'none':
    case 'declined':
    case 'voided':
      return [];
    case 'captured':
    case 'refunded':
      throw new DomainRejection(
        'payment-already-captured',
        `Payment for order ${state.authorization.orderId} was captured: refund it instead`,
        { orderId: state.authorization.orderId },
      );
    case 'authorized': {
      const { orderId, amount, authorizationId } = state.authorization;
      return [{ type: 'payment-voided', payload: { orderId, ...amount, authorizationId, reason } }];
    }
  }
}

function refund(command: RefundPayment, state: PaymentState): PaymentEvent[] {
  const refundId = reference(command.refundId, 'refundId');
  const reason = parseReason(command.reason);
  switch (state.status) {
    case 'none':
    case 'declined':
    case 'authorized':
    case 'voided':
      throw new DomainRejection('payment-not-captured', 'There is no captured payment to refund', {
        status: state.status,
      });
    case 'refunded':
      if (state.refundId === refundId) return [];
      throw new DomainRejection('payment-already-refunded', `Payment for order ${state.authorization.orderId} was refunded`, {
        orderId: state.authorization.orderId,
        refundId: state.refundId,
      });
    case 'captured': {
      const { orderId, amount } = state.authorization;
      return [
        {
          type: 'payment-refunded',
          payload: { orderId, ...amount, captureId: state.captureId, refundId, reason },
        },
      ];
    }
  }
}

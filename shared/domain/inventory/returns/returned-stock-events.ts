import type { DomainEvent } from '../../../platform/event-store/decider';
import type { ReturnLine } from '../../kernel/return-id';

export interface ReturnRestockedPayload {
  readonly returnId: string;
  readonly orderId: string;
  readonly lines: readonly ReturnLine[];
}

export interface ReturnWrittenOffPayload {
  readonly returnId: string;
  readonly orderId: string;
  readonly lines: readonly ReturnLine[];
  readonly reason: string;
}

export type ReturnRestocked = DomainEvent<'return-restocked', ReturnRestockedPayload>;
export type ReturnWrittenOff = DomainEvent<'return-written-off', ReturnWrittenOffPayload>;

export type ReturnedStockEvent = ReturnRestocked | ReturnWrittenOff;

export const RETURNED_STOCK_EVENT_TYPES = ['return-restocked', 'return-written-off'] as const satisfies readonly ReturnedStockEvent['type'][];

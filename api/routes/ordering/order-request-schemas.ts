import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CustomerIdSchema, OrderIdSchema } from '../../../shared/domain/kernel/identifiers';
import { ShippingAddressSchema } from '../../../shared/domain/kernel/shipping-address';
import { ActorSchema, ReasonSchema } from '../../../shared/domain/kernel/text';
import { PaymentCardSchema } from '../../../shared/domain/payments/card-number';
import { PlaceOrderSchema } from '../../../shared/domain/ordering/order-schemas';
import { OrderSagaStateSchema, SAGA_STATUSES } from '../../../workflows/ordering/order-fulfilment/order-fulfilment-contract';

/** The id given to an order placed without one. */
export const newOrderId = (): string => `ord_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

export const PlaceOrderRequest = z
  .object({
    orderId: OrderIdSchema.optional().describe('Business key; generated when absent. Repeating a start with the same id is idempotent.'),
    customerId: CustomerIdSchema,
    lines: PlaceOrderSchema.shape.lines,
    shippingAddress: ShippingAddressSchema,
    payment: z.object({ card: PaymentCardSchema }).strict(),
  })
  .strict()
  .openapi('PlaceOrderRequest');

export const PlaceOrderQuery = z
  .object({ wait: z.coerce.number().int().min(0).max(30).default(0).describe('Seconds to wait (0-30) until the saga finishes, confirms the order or waits for a review') })
  .strict();

export const OrderIdParams = z.object({ id: OrderIdSchema }).strict();

export const CancelOrderRequest = z.object({ reason: ReasonSchema }).strict().openapi('CancelOrderRequest');

export const ReviewOrderRequest = z
  .object({ decision: z.enum(['approve', 'reject']), reviewer: ActorSchema, reason: ReasonSchema.optional() })
  .strict()
  .refine((r) => r.decision === 'approve' || r.reason !== undefined, { message: 'a rejection needs a reason', path: ['reason'] })
  .openapi('ReviewOrderRequest', {
    description: 'A rejection needs a reason',
    anyOf: [{ properties: { decision: { type: 'string', enum: ['approve'] } } }, { required: ['reason'] }],
  });

export const SagaStateResponse = OrderSagaStateSchema
  .extend({
    orderVersion: z.number().int().optional().describe('Version of the order stream when the state was read: pass as ?minVersion to GET /orders/{id} to read your writes'),
  })
  .openapi('OrderSagaState');

export const OrderAccepted = z
  .object({ orderId: z.string(), workflowId: z.string(), runId: z.string(), status: z.string(), saga: SagaStateResponse.optional(), links: z.record(z.string(), z.string()) })
  .openapi('OrderAccepted');

const WaitSeconds = z.coerce.number().int().min(0).max(30).default(0);

export const RetryCompensationsRequestBody = z
  .object({
    operator: ActorSchema.describe('Who fixed the cause and asks for the retry'),
    note: ReasonSchema.optional().describe('What was fixed'),
  })
  .strict()
  .openapi('RetryCompensationsRequest');

export const RetryCompensationsQuery = z
  .object({ wait: WaitSeconds.describe('Seconds to wait (0-30) for the retry round to finish') })
  .strict();

export const SagaListQuery = z
  .object({
    sagaStatus: z.enum(SAGA_STATUSES).optional().describe('Only sagas whose SagaStatus search attribute has this value'),
    customerId: CustomerIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

export const SagaListResponse = z
  .object({
    orders: z.array(z.object({
      orderId: z.string(),
      workflowId: z.string(),
      runId: z.string(),
      sagaStatus: z.enum(SAGA_STATUSES).nullable(),
      customerId: z.string().nullable(),
      orderTotal: z.number().nullable().describe('Dollars'),
      executionStatus: z.string().describe('Temporal execution status (RUNNING, COMPLETED, TERMINATED, ...)'),
      startTime: z.string(),
      closeTime: z.string().nullable(),
    })),
    query: z.string().describe('The Temporal visibility query answered (paste it into the Web UI)'),
  })
  .openapi('SagaList');

import { z } from 'zod';
import { StringValue } from './string-value';
import { parseValue } from './validation-error';

/** Safe in stream ids, workflow ids, URLs and MongoDB keys. */
export const SAFE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const safeId = (description: string, example: string) =>
  z
    .string()
    .regex(SAFE_ID_PATTERN, 'must be 1-64 letters, digits, underscores or dashes')
    .meta({ description, example });

export const OrderIdSchema = safeId('Order identifier', 'ord_42');
export const CustomerIdSchema = safeId('Customer identifier', 'cus_7');

export class OrderId extends StringValue {
  declare private readonly brand: 'OrderId';

  private constructor(value: string) {
    super(value);
  }

  static of(raw: string): OrderId {
    return new OrderId(parseValue(OrderIdSchema, raw, 'orderId'));
  }
}

export class CustomerId extends StringValue {
  declare private readonly brand: 'CustomerId';

  private constructor(value: string) {
    super(value);
  }

  static of(raw: string): CustomerId {
    return new CustomerId(parseValue(CustomerIdSchema, raw, 'customerId'));
  }
}

/** An id an external system gave us (authorization, capture, tracking number...). */
export const ProviderReferenceSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 letters, digits or _ . : -')
  .meta({ description: 'Identifier issued by an external provider', example: 'auth_4f9a2c' });

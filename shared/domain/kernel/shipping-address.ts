import { z } from 'zod';
import { UsState, UsStateSchema } from './us-state';
import { parseValue } from './validation-error';

export const ZIP_CODE_PATTERN = /^\d{5}(-\d{4})?$/;

export const ZipCodeSchema = z
  .string()
  .regex(ZIP_CODE_PATTERN, 'must be a US ZIP code: 12345 or 12345-6789')
  .meta({ description: 'US ZIP or ZIP+4 code', example: '94103' });

const line = (max: number) => z.string().trim().min(1, 'must not be blank').max(max);

export const ShippingAddressSchema = z
  .object({
    name: line(100),
    line1: line(100),
    /** Blank is accepted and treated as absent. */
    line2: z.string().trim().max(100).optional(),
    city: line(60),
    state: UsStateSchema,
    zip: ZipCodeSchema,
  })
  .meta({
    description: 'US delivery address (personal data)',
    example: { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' },
  });

/** The address as it travels in commands and events: `line2` is absent, never null or blank. */
export interface ShippingAddressData {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
}

export class ShippingAddress {
  readonly name: string;
  readonly line1: string;
  readonly line2: string | undefined;
  readonly city: string;
  readonly state: UsState;
  readonly zip: string;

  private constructor(data: z.infer<typeof ShippingAddressSchema>) {
    this.name = data.name;
    this.line1 = data.line1;
    this.line2 = data.line2 === '' ? undefined : data.line2;
    this.city = data.city;
    this.state = UsState.of(data.state);
    this.zip = data.zip;
    Object.freeze(this);
  }

  static of(raw: ShippingAddressData): ShippingAddress {
    return new ShippingAddress(parseValue(ShippingAddressSchema, raw, 'shippingAddress'));
  }

  equals(other: ShippingAddress): boolean {
    return JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
  }

  toJSON(): ShippingAddressData {
    const { name, line1, line2, city, zip } = this;
    return line2 === undefined
      ? { name, line1, city, state: this.state.value, zip }
      : { name, line1, line2, city, state: this.state.value, zip };
  }
}

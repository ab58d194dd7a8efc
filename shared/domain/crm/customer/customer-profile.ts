import { z } from 'zod';
import { EmailAddress, EmailAddressSchema } from '../../kernel/email-address';
import { PhoneNumber, PhoneNumberSchema } from '../../kernel/phone-number';
import { ShippingAddress, ShippingAddressSchema, type ShippingAddressData } from '../../kernel/shipping-address';
import { parseValue } from '../../kernel/validation-error';
import { PersonName, PersonNameSchema, type PersonNameData } from '../person-name';

/** What the CRM knows about a customer (personal data throughout). */
export interface CustomerProfile {
  readonly name: PersonNameData;
  readonly email: string;
  readonly phone?: string;
  readonly shippingAddress?: ShippingAddressData;
  readonly marketingOptIn: boolean;
}

/** Changed fields only; `null` clears an optional field. */
export interface CustomerChanges {
  readonly name?: PersonNameData;
  readonly email?: string;
  readonly phone?: string | null;
  readonly shippingAddress?: ShippingAddressData | null;
  readonly marketingOptIn?: boolean;
}

export const CustomerProfileSchema = z
  .object({
    name: PersonNameSchema,
    email: EmailAddressSchema,
    phone: PhoneNumberSchema.optional(),
    shippingAddress: ShippingAddressSchema.optional(),
    marketingOptIn: z.boolean().default(false),
  })
  .strict()
  .meta({ description: 'A customer as the CRM keeps it (personal data)' });

export const CustomerChangesSchema = z
  .object({
    name: PersonNameSchema.optional(),
    email: EmailAddressSchema.optional(),
    phone: PhoneNumberSchema.nullable().optional(),
    shippingAddress: ShippingAddressSchema.nullable().optional(),
    marketingOptIn: z.boolean().optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'at least one field must change' })
  .meta({ description: 'Fields of a customer to change; null clears phone or shippingAddress' });

const FIELDS = ['name', 'email', 'phone', 'shippingAddress', 'marketingOptIn'] as const;

/** Validates and normalises (trimmed names, lower-case email, E.164 phone), with a fixed key order. */
export function normaliseProfile(raw: unknown): CustomerProfile {
  const p = parseValue(CustomerProfileSchema, withTidyEmail(raw), 'customer');
  return {
    name: PersonName.of(p.name).toJSON(),
    email: EmailAddress.of(p.email).value,
    ...(p.phone === undefined ? {} : { phone: PhoneNumber.of(p.phone).value }),
    ...(p.shippingAddress === undefined ? {} : { shippingAddress: ShippingAddress.of(p.shippingAddress).toJSON() }),
    marketingOptIn: p.marketingOptIn,
  };
}

export function normaliseChanges(raw: unknown): CustomerChanges {
  return parseValue(CustomerChangesSchema, withTidyEmail(raw), 'changes') as CustomerChanges;
}

/** Emails are compared trimmed and in lower case (see EmailAddress). */
function withTidyEmail(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || !('email' in raw) || typeof raw.email !== 'string') return raw;
  return { ...raw, email: raw.email.trim().toLowerCase() };
}

/**
 * The profile after `changes` (a changed field replaces the old value, `null` removes it): the
 * rule for the CRM aggregate and for every consumer of its messages. Pure merge, no validation:
 * the CRM validates before it publishes, and a consumer keeps what the producer sent.
 */
export function applyCustomerChanges(profile: CustomerProfile, changes: CustomerChanges): CustomerProfile {
  const merged: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = changes[field] === undefined ? profile[field] : changes[field];
    if (value !== null && value !== undefined) merged[field] = value;
  }
  return merged as unknown as CustomerProfile;
}

/** Fields whose value differs, as changes (`null` for a field `after` no longer has). */
export function diffProfiles(before: CustomerProfile, after: CustomerProfile): CustomerChanges {
  const changes: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[field] = after[field] ?? null;
  }
  return changes as CustomerChanges;
}

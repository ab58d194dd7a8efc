import { z } from 'zod';

/** How the goods arrive: `damaged` goods cannot be sold again. */
export const PARCEL_CONDITIONS = ['resellable', 'damaged'] as const;
export type ParcelCondition = (typeof PARCEL_CONDITIONS)[number];
export const ParcelConditionSchema = z.enum(PARCEL_CONDITIONS).meta({ description: 'How the goods arrived: damaged goods cannot be sold again' });

/** Stated reasons after which the goods are expected back unsellable (ordering's public reasons). */
const UNSELLABLE_REASONS: ReadonlySet<string> = new Set(['damaged', 'defective']);

/** The condition shipping records when nobody inspected the parcel: what the customer said. */
export function conditionFromStatedReason(reason: string): ParcelCondition {
  return UNSELLABLE_REASONS.has(reason) ? 'damaged' : 'resellable';
}

import { z } from 'zod';

/** Why the customer sends goods back, as they state it when asking for the return. */
export const RETURN_REASONS = ['damaged', 'defective', 'wrong-item', 'not-as-described', 'no-longer-needed'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const ReturnReasonSchema = z.enum(RETURN_REASONS).meta({
  description: "The customer's stated reason; 'damaged' and 'defective' goods are expected back unsellable",
  example: 'no-longer-needed',
});

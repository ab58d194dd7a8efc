import { z } from 'zod';

/**
 * What a message carries instead of large content (the claim check's ticket): enough to fetch
 * the content and to check that what came back is what was stored.
 */
export interface ClaimTicket {
  readonly claimId: string;
  /** Bytes. */
  readonly size: number;
  readonly contentType: string;
  /** Lower-case hex SHA-256 of the content. */
  readonly sha256: string;
}

export const CLAIM_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const ClaimTicketSchema = z.object({
  claimId: z.string().regex(CLAIM_ID_PATTERN),
  size: z.number().int().min(0),
  contentType: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

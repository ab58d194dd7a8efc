export { ClaimStore, type Claim } from './claim-store';
export type { ClaimHolder } from './claim-documents';
export type { PutOptions } from './claim-upload';
export { CLAIM_ID_PATTERN, ClaimTicketSchema, type ClaimTicket } from './claim-ticket';
export {
  ClaimContentTypeMismatchError,
  ClaimCorruptedError,
  ClaimDigestMismatchError,
  ClaimError,
  ClaimNotFoundError,
  ClaimTooLargeError,
  isClaimError,
} from './claim-errors';
export { ClaimLinkSigner, type ClaimLinkParams, type ClaimLinkVerdict } from './claim-links';
export { sweepClaims, type HolderCheck, type HolderState, type RetentionOptions, type SweepResult } from './claim-retention';
export { essence } from './content-type-check';
export { withTicketLinks } from './ticket-links';

import {
  ClaimContentTypeMismatchError,
  ClaimCorruptedError,
  ClaimDigestMismatchError,
  ClaimNotFoundError,
  ClaimTooLargeError,
} from '../../../shared/platform/claims';
import { ProblemError, problems } from '../../http/problem';

export const payloadTooLarge = (limitBytes: number) =>
  new ProblemError(413, 'payload-too-large', 'Payload too large', `the content exceeds the limit of ${limitBytes} bytes; nothing was stored`, { limitBytes });

/** The claim store's refusals as problem documents; anything else is rethrown as it is. */
export function claimProblem(err: unknown): unknown {
  if (err instanceof ClaimTooLargeError) return payloadTooLarge(err.limitBytes);
  if (err instanceof ClaimDigestMismatchError) {
    return new ProblemError(400, 'digest-mismatch', 'Digest mismatch', `${err.message}; nothing was stored`, { expectedSha256: err.expectedSha256, actualSha256: err.actualSha256 });
  }
  if (err instanceof ClaimContentTypeMismatchError) {
    return new ProblemError(415, 'content-type-mismatch', 'Content does not match its declared type', `${err.message}; nothing was stored`, { declared: err.declared, detected: err.detected ?? null });
  }
  if (err instanceof ClaimNotFoundError) return problems.notFound(err.message);
  if (err instanceof ClaimCorruptedError) {
    return new ProblemError(500, 'claim-corrupted', 'Stored content is corrupted', 'the stored content no longer matches its SHA-256; it is not served');
  }
  return err;
}

/** Every refusal or failure of the claim store, so callers map them without string matching. */
export class ClaimError extends Error {
  override readonly name: string = 'ClaimError';
}

export class ClaimNotFoundError extends ClaimError {
  override readonly name = 'ClaimNotFoundError';
  constructor(readonly claimId: string) {
    super(`no claim ${claimId}`);
  }
}

export class ClaimTooLargeError extends ClaimError {
  override readonly name = 'ClaimTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`the content is larger than the limit of ${limitBytes} bytes`);
  }
}

export class ClaimDigestMismatchError extends ClaimError {
  override readonly name = 'ClaimDigestMismatchError';
  constructor(readonly expectedSha256: string, readonly actualSha256: string) {
    super(`the content's SHA-256 is ${actualSha256}, not the ${expectedSha256} the sender declared`);
  }
}

export class ClaimContentTypeMismatchError extends ClaimError {
  override readonly name = 'ClaimContentTypeMismatchError';
  constructor(readonly declared: string, readonly detected: string | undefined) {
    super(`the content is ${detected ?? 'of no recognised type'}, not the declared ${declared}`);
  }
}

/** Stored content that no longer matches its SHA-256 (or a missing chunk): never served. */
export class ClaimCorruptedError extends ClaimError {
  override readonly name = 'ClaimCorruptedError';
  constructor(readonly claimId: string, detail: string) {
    super(`claim ${claimId} is corrupted: ${detail}`);
  }
}

export function isClaimError(err: unknown): err is ClaimError {
  return err instanceof ClaimError;
}

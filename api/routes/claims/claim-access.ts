import type { Request } from 'express';
import type { ApiKeyring, Scope } from '../../http/api-keys';
import { ProblemError, problems } from '../../http/problem';
import type { Claim, ClaimLinkSigner } from '../../../shared/platform/claims';

/**
 * Who is asking for a claim: a signed link (`?expires&kid&signature`, grants that claim only) or
 * an API key, whose scopes must include one of the claim's readers (403 otherwise). A missing or
 * unknown key is a 401, as on every other route.
 */
export type ClaimRequester = { readonly kind: 'link' } | { readonly kind: 'key'; readonly scopes: ReadonlySet<Scope> };

export function identify(req: Request, keys: ApiKeyring, signer: ClaimLinkSigner, claimId: string): ClaimRequester {
  const { expires, kid, signature } = req.query;
  if (signature !== undefined || expires !== undefined || kid !== undefined) {
    if (typeof expires !== 'string' || typeof kid !== 'string' || typeof signature !== 'string') {
      throw new ProblemError(403, 'invalid-link', 'Invalid link', 'a signed link needs expires, kid and signature once each');
    }
    const verdict = signer.verify(claimId, { expires, kid, signature });
    if (!verdict.ok) throw new ProblemError(403, 'invalid-link', 'Invalid link', verdict.reason);
    return { kind: 'link' };
  }
  const match = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw problems.unauthenticated('send Authorization: Bearer <api key>, or use a signed link');
  const scopes = keys.lookup(match[1])?.scopes;
  if (!scopes) throw problems.unauthenticated('the API key is not valid');
  return { kind: 'key', scopes };
}

export function assertMayRead(requester: ClaimRequester, claim: Claim): void {
  if (requester.kind === 'link') return;
  if (!claim.readers.some((r) => requester.scopes.has(r as Scope))) {
    throw problems.forbidden(claim.readers.length ? claim.readers.join("' or '") : 'no API scope reads this claim; only');
  }
}

import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring';

/** The query parameters of a signed claim URL. */
export interface ClaimLinkParams {
  readonly expires: string;
  readonly kid: string;
  readonly signature: string;
}

export type ClaimLinkVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Signed, expiring URLs to one claim's content, for consumers without an API key (webhook
 * receivers): HMAC-SHA256 over the claim id and the expiry, under a key derived from the data
 * key ring (its id in the URL, so links signed before a key rotation keep working until they
 * expire). The URL grants reading that claim only, until `expires`.
 */
export class ClaimLinkSigner {
  constructor(private readonly ring: KeyRing) {}

  sign(claimId: string, expiresAt: Date): ClaimLinkParams {
    const expires = String(Math.floor(expiresAt.getTime() / 1000));
    const { id } = this.ring.current;
    return { expires, kid: id, signature: this.mac(id, claimId, expires) ?? '' };
  }

  /** `?expires=..&kid=..&signature=..` for a path like `/claims/<id>`. */
  query(claimId: string, expiresAt: Date): string {
    return new URLSearchParams({ ...this.sign(claimId, expiresAt) }).toString();
  }

  verify(claimId: string, params: ClaimLinkParams, now = new Date()): ClaimLinkVerdict {
    const expected = this.mac(params.kid, claimId, params.expires);
    if (expected === undefined) return { ok: false, reason: 'the link was signed with a key that is no longer known' };
    const given = Buffer.from(params.signature, 'base64url');
    const wanted = Buffer.from(expected, 'base64url');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { ok: false, reason: 'the link signature is not valid' };
    if (!/^\d{1,12}$/.test(params.expires) || Number(params.expires) * 1000 <= now.getTime()) return { ok: false, reason: 'the link has expired' };
    return { ok: true };
  }

  private mac(kid: string, claimId: string, expires: string): string | undefined {
    const dataKey = this.ring.get(kid);
    if (!dataKey) return undefined;
    // A key of its own for links, so a link signature never doubles as anything else's.
    const key = Buffer.from(hkdfSync('sha256', dataKey.key, Buffer.alloc(0), 'claim-links', 32));
    return createHmac('sha256', key).update(`GET /claims/${claimId}\n${expires}`).digest('base64url');
  }
}

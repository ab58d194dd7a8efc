import type { PublicWireMessage } from '../platform/messaging/public-message';
import { ClaimLinkSigner, withTicketLinks } from '../platform/claims';
import type { AppConfig } from './app-config';
import { loadDataKeys } from './data-keys';

/**
 * For webhook deliveries: each claim ticket in the message gets a signed link to its content,
 * valid for CLAIM_LINK_TTL from the delivery (a retry gets a fresh one), so a receiver without
 * an API key can redeem it.
 */
export function signedClaimLinks(config: Pick<AppConfig, 'env' | 'dataDir' | 'dataEncryptionKeys' | 'claims'>): (message: PublicWireMessage) => PublicWireMessage {
  const signer = new ClaimLinkSigner(loadDataKeys(config));
  const { publicUrl, linkTtlMs } = config.claims;
  return (message) => {
    const expiresAt = new Date(Date.now() + linkTtlMs);
    return withTicketLinks(message, (claimId) => `${publicUrl}/claims/${claimId}?${signer.query(claimId, expiresAt)}`);
  };
}

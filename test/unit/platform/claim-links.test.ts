import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ClaimLinkSigner, withTicketLinks } from '../../../shared/platform/claims';
import { KeyRing } from '../../../shared/platform/crypto/key-ring';

const key = (id: string) => ({ id, key: randomBytes(32) });
const CLAIM = '00000000-0000-4000-8000-000000000001';
const later = new Date(Date.now() + 60_000);

describe('signed claim links', () => {
  it('verify for the claim they were signed for, until they expire', () => {
    const signer = new ClaimLinkSigner(new KeyRing([key('k1')]));
    const params = signer.sign(CLAIM, later);
    expect(signer.verify(CLAIM, params)).toEqual({ ok: true });
    expect(signer.verify('00000000-0000-4000-8000-000000000002', params).ok).toBe(false);
    expect(signer.verify(CLAIM, { ...params, expires: String(Number(params.expires) + 3600) }).ok).toBe(false);
    expect(signer.verify(CLAIM, params, new Date(later.getTime() + 1_000))).toEqual({ ok: false, reason: 'the link has expired' });
  });

  it('keep working after a key rotation, and stop when the old key is removed', () => {
    const old = key('old');
    const params = new ClaimLinkSigner(new KeyRing([old])).sign(CLAIM, later);
    expect(new ClaimLinkSigner(new KeyRing([key('new'), old])).verify(CLAIM, params).ok).toBe(true);
    expect(new ClaimLinkSigner(new KeyRing([key('new')])).verify(CLAIM, params).ok).toBe(false);
  });
});

describe('ticket links in public messages', () => {
  it('adds href to every ticket, and to nothing else', () => {
    const ticket = { claimId: CLAIM, size: 3, contentType: 'application/pdf', sha256: 'a'.repeat(64) };
    const message = { type: 'order-attachment-added', payload: { orderId: 'o-1', attachment: ticket, notes: [{ claimId: 'not-a-ticket' }] } };
    expect(withTicketLinks(message, (id) => `/claims/${id}`)).toEqual({
      type: 'order-attachment-added',
      payload: { orderId: 'o-1', attachment: { ...ticket, href: `/claims/${CLAIM}` }, notes: [{ claimId: 'not-a-ticket' }] },
    });
    expect(message.payload.attachment).not.toHaveProperty('href');
  });
});

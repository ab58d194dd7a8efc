import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyRing, KeyRingError } from '../../../shared/platform/crypto/key-ring';
import { openText, SealedBoxError, sealText } from '../../../shared/platform/crypto/sealed-box';

const keyOf = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('sealed boxes (AES-256-GCM under a key ring)', () => {
  const ring = KeyRing.parse(keyOf('k1'));

  it('round-trip and never show the plaintext', () => {
    const box = sealText(ring, '4242424242424242', 'card:tok_1');
    expect(box).toMatchObject({ alg: 'AES-256-GCM', kid: 'k1' });
    expect(JSON.stringify(box)).not.toContain('4242424242424242');
    expect(Buffer.from(box.data, 'base64').toString('latin1')).not.toContain('4242');
    expect(openText(ring, box, 'card:tok_1')).toBe('4242424242424242');
  });

  it('use a fresh nonce each time', () => {
    expect(sealText(ring, 'same').data).not.toBe(sealText(ring, 'same').data);
  });

  it('refuse a box moved to another context or tampered with', () => {
    const box = sealText(ring, 'secret', 'webhook:a');
    expect(() => openText(ring, box, 'webhook:b')).toThrow(SealedBoxError);
    const raw = Buffer.from(box.data, 'base64');
    raw[14] = (raw[14] ?? 0) ^ 1;
    expect(() => openText(ring, { ...box, data: raw.toString('base64') }, 'webhook:a')).toThrow(SealedBoxError);
  });

  it('keep old data readable after a rotation, and encrypt new data under the new key', () => {
    const old = sealText(ring, 'before');
    const rotated = KeyRing.parse(`${keyOf('k2')},${ring.keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',')}`);
    expect(openText(rotated, old)).toBe('before');
    expect(sealText(rotated, 'after').kid).toBe('k2');
    expect(() => openText(KeyRing.parse(keyOf('k3')), old)).toThrow(/no key 'k1'/);
  });

  it('refuse malformed key rings', () => {
    expect(() => KeyRing.parse('')).toThrow(KeyRingError);
    expect(() => KeyRing.parse('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => KeyRing.parse(`bad id:${randomBytes(32).toString('base64')}`)).toThrow(/key id/);
    expect(() => KeyRing.parse(`${keyOf('k1')},${keyOf('k1')}`)).toThrow(/twice/);
  });
});

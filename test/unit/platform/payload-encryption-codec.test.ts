import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { KeyRing } from '../../../shared/platform/crypto/key-ring';
import { PayloadEncryptionCodec } from '../../../shared/platform/temporal';

const key = (id: string) => ({ id, key: randomBytes(32) });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('payload encryption codec', () => {
  const plain = defaultPayloadConverter.toPayload({ name: 'Ada Lovelace', card: 'tok_123' });

  it('encrypts the whole payload under the current key, its id in the metadata, and decrypts it back', async () => {
    const codec = new PayloadEncryptionCodec(new KeyRing([key('k2'), key('k1')]));
    const [encrypted] = await codec.encode([plain]);
    expect(text(encrypted?.metadata?.encoding)).toBe('binary/encrypted');
    expect(text(encrypted?.metadata?.['encryption-key-id'])).toBe('k2');
    expect(text(encrypted?.data)).not.toContain('Ada');
    expect(Object.values(encrypted?.metadata ?? {}).map(text)).not.toContain('json/plain');
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ name: 'Ada Lovelace', card: 'tok_123' });
  });

  it('decrypts payloads written under an older key after a rotation; not once that key is removed', async () => {
    const old = key('old');
    const [encrypted] = await new PayloadEncryptionCodec(new KeyRing([old])).encode([plain]);
    const [decoded] = await new PayloadEncryptionCodec(new KeyRing([key('new'), old])).decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ name: 'Ada Lovelace', card: 'tok_123' });
    await expect(new PayloadEncryptionCodec(new KeyRing([key('new')])).decode([encrypted!])).rejects.toThrow(/no key 'old'/);
  });

  it('passes payloads that were never encrypted through (histories from before encryption)', async () => {
    const codec = new PayloadEncryptionCodec(new KeyRing([key('k1')]));
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('refuses a tampered payload', async () => {
    const codec = new PayloadEncryptionCodec(new KeyRing([key('k1')]));
    const [encrypted] = await codec.encode([plain]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = (data[20] ?? 0) ^ 1;
    await expect(codec.decode([{ ...encrypted!, data }])).rejects.toThrow(/does not open/);
  });
});

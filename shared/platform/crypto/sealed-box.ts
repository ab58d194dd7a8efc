import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring';

/** Encrypted bytes with what it takes to open them: the key id, the nonce and the GCM tag. */
export interface SealedBox {
  readonly alg: 'AES-256-GCM';
  readonly kid: string;
  /** base64 of nonce (12 bytes) | ciphertext | tag (16 bytes). */
  readonly data: string;
}

export class SealedBoxError extends Error {
  override readonly name = 'SealedBoxError';
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a fresh random nonce per message under the key ring's current key.
 * `context` (for example the collection and document id) is bound as associated data, so a
 * box copied into another place does not open there.
 */
export function seal(ring: KeyRing, plaintext: Buffer, context = ''): SealedBox {
  const { id, key } = ring.current;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { alg: 'AES-256-GCM', kid: id, data: Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64') };
}

export function open(ring: KeyRing, box: SealedBox, context = ''): Buffer {
  const dataKey = ring.get(box.kid);
  if (!dataKey) throw new SealedBoxError(`no key '${box.kid}' in the key ring (was it removed after a rotation?)`);
  const raw = Buffer.from(box.data, 'base64');
  if (raw.length < NONCE_BYTES + TAG_BYTES) throw new SealedBoxError('sealed data is too short');
  const decipher = createDecipheriv('aes-256-gcm', dataKey.key, raw.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealedBoxError(`sealed data does not open under key '${box.kid}' (tampered, or sealed for another place)`);
  }
}

export function sealText(ring: KeyRing, text: string, context = ''): SealedBox {
  return seal(ring, Buffer.from(text, 'utf8'), context);
}

export function openText(ring: KeyRing, box: SealedBox, context = ''): string {
  return open(ring, box, context).toString('utf8');
}

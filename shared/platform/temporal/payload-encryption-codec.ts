import type { Payload, PayloadCodec } from '@temporalio/common';
// A CommonJS module: a named import of it fails under Node's ESM loader (tsx), the default import works everywhere.
import proto from '@temporalio/proto';
import type { KeyRing } from '../crypto/key-ring';
import { open, seal } from '../crypto/sealed-box';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the data key a payload was encrypted with (kept after a rotation to decrypt). */
export const ENCRYPTION_KEY_ID = 'encryption-key-id';
const CIPHER = 'encryption-cipher';
/** Associated data: a sealed payload opens as a Temporal payload and as nothing else. */
const CONTEXT = 'temporal-payload';

const utf8 = new TextEncoder();
const text = new TextDecoder();
const PayloadProto = proto.temporal.api.common.v1.Payload;

/**
 * AES-256-GCM over each whole payload (metadata included, so even the encoding and message type
 * stay private), under the data key ring's current key, with the key id in the metadata.
 * Payloads that are not encrypted (histories from before encryption) decode unchanged.
 */
export class PayloadEncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const box = seal(this.ring, Buffer.from(PayloadProto.encode(payload).finish()), CONTEXT);
      return {
        metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [ENCRYPTION_KEY_ID]: utf8.encode(box.kid), [CIPHER]: utf8.encode(box.alg) },
        data: Buffer.from(box.data, 'base64'),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!isEncrypted(payload)) return payload;
      const kid = text.decode(payload.metadata?.[ENCRYPTION_KEY_ID] ?? new Uint8Array());
      const plain = open(this.ring, { alg: 'AES-256-GCM', kid, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') }, CONTEXT);
      return PayloadProto.decode(plain);
    });
  }
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && text.decode(encoding) === ENCRYPTED_ENCODING;
}

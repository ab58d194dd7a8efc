import { ExternalStorage, type DataConverter } from '@temporalio/common';
import type { ClaimStore } from '../claims';
import type { KeyRing } from '../crypto/key-ring';
import { ClaimStorageDriver } from './claim-storage-driver';
import { PayloadEncryptionCodec } from './payload-encryption-codec';

export const DEFAULT_PAYLOAD_CLAIM_THRESHOLD = 128 * 1024;

export interface PayloadDataConverterOptions {
  readonly keyRing: KeyRing;
  readonly claims: ClaimStore;
  /** Encoded payloads of this many bytes or more go to the claim store (default 128 KiB). */
  readonly claimThresholdBytes?: number;
}

/**
 * The one data converter of client, worker and replay: every payload encrypted (AES-256-GCM,
 * key id in its metadata), then the large ones stored as claims with a reference in history.
 * The SDK runs the codec before external storage on the way out and after it on the way in.
 */
export function createPayloadDataConverter(options: PayloadDataConverterOptions): DataConverter & { payloadCodecs: [PayloadEncryptionCodec]; externalStorage: ExternalStorage } {
  return {
    payloadCodecs: [new PayloadEncryptionCodec(options.keyRing)],
    externalStorage: new ExternalStorage({
      drivers: [new ClaimStorageDriver(options.claims)],
      payloadSizeThreshold: options.claimThresholdBytes ?? DEFAULT_PAYLOAD_CLAIM_THRESHOLD,
    }),
  };
}

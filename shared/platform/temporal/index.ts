export { createTemporalClient } from './temporal-client';
export { createPayloadDataConverter, DEFAULT_PAYLOAD_CLAIM_THRESHOLD, type PayloadDataConverterOptions } from './payload-data-converter';
export { PayloadEncryptionCodec, ENCRYPTED_ENCODING, ENCRYPTION_KEY_ID, isEncrypted } from './payload-encryption-codec';
export { ClaimStorageDriver, CLAIM_DRIVER_NAME, TEMPORAL_PAYLOAD_CONTENT_TYPE } from './claim-storage-driver';
export { CodecService, CodecRequestSchema, CodecRequestError, type JsonPayload } from './codec-service';

import { KeyRing } from '../../shared/platform/crypto/key-ring';

/** A fixed data key for tests (never used outside them): DATA_ENCRYPTION_KEYS as a test sets it. */
export const TEST_DATA_KEYS_SPEC = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

export const TEST_DATA_KEYS = KeyRing.parse(TEST_DATA_KEYS_SPEC);

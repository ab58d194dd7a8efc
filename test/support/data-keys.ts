import { KeyRing } from '../../shared/platform/crypto/key-ring';

/**
 * The data key ring of the tests and of the recorded replay histories (which are encrypted
 * under it): a fixed key that protects nothing and is never used outside tests, so a history
 * recorded once replays in CI. DATA_ENCRYPTION_KEYS as a test sets it.
 */
export const TEST_DATA_KEYS_SPEC = 'test1:c2FnYS1wbGF0Zm9ybSB0ZXN0IGtleSwgbm90IHNlY3I=';

export const TEST_DATA_KEYS = KeyRing.parse(TEST_DATA_KEYS_SPEC);

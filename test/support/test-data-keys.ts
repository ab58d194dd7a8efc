import type { DataConverter } from '@temporalio/common';
import type { Db } from 'mongodb';
import { loadConfig } from '../../shared/app/app-config';
import { appDataConverter } from '../../shared/app/payload-converter';

/**
 * The data key ring of the tests and of the recorded replay histories (which are encrypted
 * under it): a fixed key that protects nothing, so a history recorded once replays in CI.
 */
export const TEST_DATA_ENCRYPTION_KEYS = 'test1:c2FnYS1wbGF0Zm9ybSB0ZXN0IGtleSwgbm90IHNlY3I=';

/** The production data converter under the test key ring, claims in `db`. */
export function testDataConverter(db: Db, env: Record<string, string> = {}): DataConverter {
  return appDataConverter(loadConfig({ NODE_ENV: 'test', DATA_ENCRYPTION_KEYS: TEST_DATA_ENCRYPTION_KEYS, ...env }), db);
}

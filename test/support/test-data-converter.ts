import type { DataConverter } from '@temporalio/common';
import type { Db } from 'mongodb';
import { loadConfig } from '../../shared/app/app-config';
import { appDataConverter } from '../../shared/app/payload-converter';
import { TEST_DATA_KEYS_SPEC } from './data-keys';

/** The production data converter under the test key ring, claims in `db`. */
export function testDataConverter(db: Db, env: Record<string, string> = {}): DataConverter {
  return appDataConverter(loadConfig({ NODE_ENV: 'test', DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS_SPEC, ...env }), db);
}

import type { DataConverter } from '@temporalio/common';
import type { Db } from 'mongodb';
import { ClaimStore } from '../platform/claims';
import { createPayloadDataConverter } from '../platform/temporal/payload-data-converter';
import type { AppConfig } from './app-config';
import { loadDataKeys } from './data-keys';

/**
 * The production data converter (encrypted payloads, large ones stored as claims in `db`):
 * the API's client, the worker, the codec server and the replay tests all build it here.
 */
export function appDataConverter(config: Pick<AppConfig, 'env' | 'dataDir' | 'dataEncryptionKeys' | 'claims'>, db: Db): DataConverter {
  return createPayloadDataConverter({ keyRing: loadDataKeys(config), claims: new ClaimStore(db), claimThresholdBytes: config.claims.payloadThresholdBytes });
}

import type { Client, Connection } from '@temporalio/client';
import type { Db, MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../shared/app/app-config';
import type { KeyRing } from '../shared/platform/crypto/key-ring';
import type { ApiKeyring } from './http/api-keys';

/** What the API's routes need from the outside world; built by api/server.ts or by tests. */
export interface ApiDeps {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly keys: ApiKeyring;
  readonly temporal: { readonly client: Client; readonly connection: Connection };
  readonly mongo: { readonly client: MongoClient; readonly db: Db };
  readonly metrics: Registry;
  /** Encrypt data at rest (card numbers, webhook secrets); from loadDataKeys. */
  readonly dataKeys: KeyRing;
}

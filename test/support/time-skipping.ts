import { join } from 'node:path';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { registeredSearchAttributes } from './servers';

const ROOT = new URL('../..', import.meta.url).pathname;
const { IndexedValueType } = proto.temporal.api.enums.v1;

const TYPES: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Temporal's time-skipping test server, from the PyPI wheel the install script puts in .tools/,
 * with the product's search attributes registered (workflows upsert them; unknown ones fail tasks).
 */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const path = join(process.env.SAGA_TOOLS_DIR ?? join(ROOT, '.tools'), 'venv/bin/temporal-test-server');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  const searchAttributes = Object.fromEntries(registeredSearchAttributes().map(([name, type]) => {
    const indexed = TYPES[type];
    if (indexed === undefined) throw new Error(`unknown search attribute type ${type}`);
    return [name, indexed];
  }));
  await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes });
  return env;
}

/** The API keys of the test harness, one per scope and one with all. */
export const TEST_KEYS = {
  commands: 'test-commands-key-0001',
  queries: 'test-queries-key-00001',
  admin: 'test-admin-key-0000001',
  all: 'test-all-scopes-key-001',
} as const;

/**
 * Log fields that may hold a secret or a card, replaced by `[REDACTED]` wherever a logger of
 * this platform writes them, at the top level and up to three levels down (a pino `*` is
 * exactly one level). Message strings are not redacted: never format a secret into a message.
 */
export const REDACTED_FIELDS = [
  'authorization', 'cookie', 'apiKey', 'apiKeys', 'API_KEYS', 'secret', 'password', 'token', 'metricsToken',
  'dataEncryptionKeys', 'DATA_ENCRYPTION_KEYS', 'card', 'cardNumber',
] as const;

export const REDACT_PATHS: readonly string[] = [
  ...REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
  // Header names that are not identifiers need bracket notation.
  'req.headers["x-api-key"]', 'headers["x-api-key"]', 'res.headers["set-cookie"]', 'headers["set-cookie"]',
];

export const REDACTION_CENSOR = '[REDACTED]';

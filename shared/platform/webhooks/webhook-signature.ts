import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Signature';
export const SIGNATURE_TIMESTAMP_HEADER = 'X-Signature-Timestamp';
export const EVENT_ID_HEADER = 'X-Event-Id';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`; the timestamp is in Unix seconds. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * For receivers: true when `signature` is the HMAC of this exact body and timestamp and the
 * timestamp is within `toleranceSeconds` of now (a replayed old message is refused).
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  toleranceSeconds = 300,
  nowMs = Date.now(),
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhookBody(secret, timestamp, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

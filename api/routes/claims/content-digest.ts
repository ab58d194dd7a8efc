import type { Request } from 'express';
import { problems } from '../../http/problem';

/**
 * The SHA-256 (hex) the sender declares for the body, from `Content-Digest: sha-256=:<base64>:`
 * (RFC 9530) or the older `Digest: SHA-256=<base64>` (RFC 3230); undefined when neither names
 * SHA-256. A malformed value is a 400 rather than silently unchecked content.
 */
export function declaredSha256(req: Request): string | undefined {
  const modern = req.get('content-digest');
  if (modern !== undefined) return fromHeader('Content-Digest', modern, /^sha-256=:([A-Za-z0-9+/]+=*):$/i);
  const legacy = req.get('digest');
  if (legacy !== undefined) return fromHeader('Digest', legacy, /^sha-256=([A-Za-z0-9+/]+=*)$/i);
  return undefined;
}

function fromHeader(name: string, value: string, pattern: RegExp): string | undefined {
  const entries = value.split(',').map((s) => s.trim());
  const sha = entries.find((e) => /^sha-256=/i.test(e));
  if (sha === undefined) return undefined;
  const bytes = Buffer.from(pattern.exec(sha)?.[1] ?? '', 'base64');
  if (bytes.length !== 32) {
    throw problems.validation([{ location: 'header', path: name, message: 'sha-256 must be the base64 of 32 bytes' }]);
  }
  return bytes.toString('hex');
}

/** `sha-256=:<base64>:` for a hex SHA-256 (response headers). */
export const contentDigest = (sha256Hex: string): string => `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`;

import { createHmac } from 'node:crypto';
import { configuredKeyHash, type ApiKeyring, type Scope } from '../../http/api-keys';

const PURPOSE = 'temporal-codec-endpoint';

/**
 * The path credential of the codec server for a browser's Temporal Web UI, which cannot send our
 * API key in a header: derived from one API key (so it carries that key's scopes, and removing
 * the key revokes it) and good for the codec routes only. `/codec/ui/<token>` is the endpoint to
 * give the Web UI (`--ui-codec-endpoint`, or its codec-server setting). `apiKey` is a key, or
 * its `sha256:<hex>` as API_KEYS may name it.
 */
export function codecEndpointToken(apiKey: string): string {
  // an API_KEYS entry may name the key by its hash (`sha256:<hex>`): the token needs only that
  return tokenFor(configuredKeyHash(apiKey));
}

/** The scopes of the API key a token was derived from, or undefined for an unknown token. */
export function scopesOfCodecToken(keys: ApiKeyring, token: string): ReadonlySet<Scope> | undefined {
  return keys.lookupDerived(token, tokenFor)?.scopes;
}

function tokenFor(keyHash: string): string {
  return createHmac('sha256', keyHash).update(PURPOSE).digest('base64url');
}

/** The request URL for logs: codec tokens and link signatures are credentials. */
export function withoutSecrets(url: string): string {
  return url.replace(/(\/codec\/ui\/)[^/?]+/, '$1***').replace(/([?&]signature=)[^&]*/, '$1***');
}

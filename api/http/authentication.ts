import type { RequestHandler } from 'express';
import { hashKey, type ApiKeyring, type Scope } from './api-keys';
import { problems } from './problem';

/** Checks `Authorization: Bearer <key>` and that the key holds `scope` (or one of them). */
export function requireScope(keys: ApiKeyring, scope: Scope | readonly Scope[]): RequestHandler {
  const accepted = scopeList(scope);
  return (req, res, next) => {
    const header = req.get('authorization');
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1]) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw problems.unauthenticated('send Authorization: Bearer <api key>');
    }
    const scopes = keys.get(hashKey(match[1]));
    if (!scopes) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw problems.unauthenticated('the API key is not valid');
    }
    if (!accepted.some((s) => scopes.has(s))) throw problems.forbidden(accepted.join("' or '"));
    next();
  };
}

/** A route's scope as a list: any one of them will do. */
export function scopeList(scope: Scope | readonly Scope[]): readonly Scope[] {
  return typeof scope === 'string' ? [scope] : scope;
}

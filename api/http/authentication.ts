import type { Request, RequestHandler, Response } from 'express';
import type { ApiKeyIdentity, ApiKeyring, Scope } from './api-keys';
import { problems } from './problem';

/** The key a request presented in `Authorization: Bearer <key>`, once `identifyApiKey` has run. */
export function presentedKey(res: Response): ApiKeyIdentity | undefined {
  return res.locals.apiKey as ApiKeyIdentity | undefined;
}

function bearerToken(req: Request): string | undefined {
  return req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/** Looks the bearer key up (keys are accepted in the Authorization header only) without refusing anything yet. */
export function identifyApiKey(keys: ApiKeyring): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req);
    const identity = token === undefined ? undefined : keys.lookup(token);
    if (identity) res.locals.apiKey = identity;
    next();
  };
}

/** 401 without a valid key, 403 when the key holds none of `scope`. Runs after identifyApiKey. */
export function requireScope(scope: Scope | readonly Scope[]): RequestHandler {
  const accepted = scopeList(scope);
  return (req, res, next) => {
    const identity = presentedKey(res);
    if (!identity) {
      const sent = bearerToken(req) !== undefined;
      res.setHeader('WWW-Authenticate', sent ? 'Bearer error="invalid_token"' : 'Bearer');
      throw problems.unauthenticated(sent ? 'the API key is not valid' : 'send Authorization: Bearer <api key>');
    }
    if (!accepted.some((s) => identity.scopes.has(s))) throw problems.forbidden(accepted.join("' or '"));
    next();
  };
}

/** A route's scope as a list: any one of them will do. */
export function scopeList(scope: Scope | readonly Scope[]): readonly Scope[] {
  return typeof scope === 'string' ? [scope] : scope;
}

import type { RequestHandler } from 'express';
import { ProblemError, problems, type FieldError } from './problem';

/**
 * Keys that could act as MongoDB operators or paths (`$where`, `a.b`) anywhere in a JSON body.
 * Schemas would drop unknown keys of nested objects silently; these are refused instead.
 */
export function operatorKeys(body: unknown, path: readonly string[] = [], found: FieldError[] = []): FieldError[] {
  if (Array.isArray(body)) body.forEach((item, i) => operatorKeys(item, [...path, String(i)], found));
  else if (body !== null && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      const at = [...path, key];
      if (key.startsWith('$') || key.includes('.')) {
        found.push({ location: 'body', path: at.join('.'), message: 'keys may not start with $ or contain a dot' });
      }
      operatorKeys(value, at, found);
    }
  }
  return found;
}

/** `?offset=`: a parameter given without a value is refused rather than read as 0 or as no filter. */
export function emptyQueryValues(query: unknown): FieldError[] {
  if (query === null || typeof query !== 'object') return [];
  return Object.entries(query as Record<string, unknown>)
    .filter(([, v]) => v === '' || (Array.isArray(v) && v.includes('')))
    .map(([key]) => ({ location: 'query' as const, path: key, message: 'must not be empty (leave the parameter out instead)' }));
}

/**
 * For routes with a JSON body: 415 when a body comes with another (or no) Content-Type, instead
 * of reading it as missing; 400 when the body is required and absent.
 */
export function requireJsonBody(optional: boolean): RequestHandler {
  return (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/json')) {
      throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'send the body as JSON with Content-Type: application/json');
    }
    if (!optional && req.body === undefined) {
      throw problems.validation([{ location: 'body', path: '(root)', message: 'a JSON body is required (Content-Type: application/json)' }]);
    }
    next();
  };
}

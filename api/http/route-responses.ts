import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { OUTAGE_RETRY_AFTER_SECONDS } from './dependency-outage';
import { ProblemSchema } from './openapi';
import type { RouteResponse, RouteSpec } from './route-spec';

const RetryAfter = z.object({ 'Retry-After': z.string().regex(/^\d+$/).describe('Seconds to wait before retrying') });
/** A 409 carries Retry-After only when the state will change by itself (a view not yet consistent). */
const MaybeRetryAfter = RetryAfter.partial();

/** Default meaning of each error a route can answer; a route's own description replaces it. */
const ERRORS: Readonly<Record<number, string>> = {
  400: 'The request is invalid (field-level errors)',
  401: 'No valid API key in Authorization: Bearer <key>',
  403: "The key lacks the operation's scope",
  404: 'No such resource',
  409: 'Refused by the current state (problem type = reason code), or a concurrent change; nothing was changed',
  413: 'The body exceeds API_BODY_LIMIT',
  415: 'A body that is not Content-Type: application/json',
  429: 'Too many requests from this key, or without a valid key from this address; retry after Retry-After seconds',
  500: 'Unexpected error; quote the correlation id when reporting it',
  503: `MongoDB or Temporal is unreachable: the request was not completed; retry after Retry-After seconds (${OUTAGE_RETRY_AFTER_SECONDS}), with the same idempotency key for a command`,
};

const RETRY_AFTER: Readonly<Record<number, z.ZodObject>> = { 409: MaybeRetryAfter, 429: RetryAfter, 503: RetryAfter };

type AnySpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/** Every answer a route can give, for the OpenAPI document: its own successes and errors, and those its spec implies. */
export function declaredResponses(spec: AnySpec): Record<string, ResponseConfig> {
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    if (Number(status) < 400) responses[status] = success(r);
  }
  for (const status of impliedErrors(spec)) {
    const described = spec.responses[status]?.description ?? ERRORS[status] ?? 'Error';
    responses[String(status)] = {
      description: described,
      content: { 'application/problem+json': { schema: ProblemSchema } },
      ...(RETRY_AFTER[status] ? { headers: RETRY_AFTER[status] } : {}),
    };
  }
  return responses;
}

function success(r: RouteResponse): ResponseConfig {
  return r.schema ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: r.schema } } } : { description: r.description };
}

function impliedErrors(spec: AnySpec): number[] {
  const statuses = new Set<number>([500, 503]);
  for (const status of Object.keys(spec.responses).map(Number)) if (status >= 400) statuses.add(status);
  if (spec.body || spec.params || spec.query || spec.idempotencyKeyHeader) statuses.add(400);
  if (spec.body) [413, 415].forEach((s) => statuses.add(s));
  if (spec.scope !== 'public') [401, 403, 429].forEach((s) => statuses.add(s));
  if (spec.path.includes(':')) statuses.add(404);
  // Commands can be refused by the state they meet; reads with ?minVersion can be not yet consistent.
  if (spec.method !== 'get' || hasQueryParameter(spec, 'minVersion')) statuses.add(409);
  return [...statuses].sort((a, b) => a - b);
}

function hasQueryParameter(spec: AnySpec, name: string): boolean {
  const shape = (spec.query as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape !== undefined && name in shape;
}

import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isConcurrencyError, isInvalidEventError } from '../../shared/platform/event-store';
import { isDomainRejection } from '../../shared/domain/kernel/domain-rejection';
import { isValidationError } from '../../shared/domain/kernel/validation-error';
import { dependencyOutage, OUTAGE_RETRY_AFTER_SECONDS, type Dependency } from './dependency-outage';

export interface FieldError {
  readonly location: 'body' | 'params' | 'query' | 'header';
  readonly path: string;
  readonly message: string;
}

/** An error the API answers as an RFC 9457 problem document. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly problemType: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail ?? title);
  }
}

export const problems = {
  validation: (errors: readonly FieldError[]) =>
    new ProblemError(400, 'validation-error', 'Request validation failed', `${errors.length} field(s) are invalid`, { errors }),
  unauthenticated: (detail: string) => new ProblemError(401, 'unauthenticated', 'Authentication required', detail),
  forbidden: (scope: string) => new ProblemError(403, 'forbidden', 'Insufficient scope', `this operation needs the '${scope}' scope`),
  notFound: (detail: string) => new ProblemError(404, 'not-found', 'Not found', detail),
  conflict: (type: string, detail: string, extensions: Record<string, unknown> = {}) =>
    new ProblemError(409, type, 'Conflict', detail, extensions),
  unavailable: (detail: string) => new ProblemError(503, 'service-unavailable', 'Service unavailable', detail),
  dependencyUnavailable: (dependency: Dependency) =>
    new ProblemError(
      503,
      'dependency-unavailable',
      'Service unavailable',
      `${dependency} is unreachable, so the request was not completed; retry it after Retry-After seconds. ` +
        'A command retried with the same idempotency key (the Idempotency-Key header, or the orderId or leadId it names) takes effect at most once.',
    ),
};

/** The path of a request without its query string, which may carry what must not be echoed. */
export function requestPath(originalUrl: string): string {
  const q = originalUrl.indexOf('?');
  return q === -1 ? originalUrl : originalUrl.slice(0, q);
}

export function sendProblem(res: Response, p: ProblemError, url: string): void {
  if (p.status === 503 && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
  const instance = requestPath(url);
  res.status(p.status).type('application/problem+json').json({
    type: `/problems/${p.problemType}`,
    title: p.title,
    status: p.status,
    ...(p.detail !== undefined ? { detail: p.detail } : {}),
    instance,
    correlationId: res.locals.correlationId as string | undefined,
    ...p.extensions,
  });
}

/** Refusals of the domain and the event store, whichever route they come from. */
function domainProblem(err: unknown): ProblemError | undefined {
  if (isValidationError(err)) {
    const field = typeof err.details.field === 'string' ? err.details.field : '(unknown)';
    return problems.validation([{ location: 'body', path: field, message: err.message }]);
  }
  if (isDomainRejection(err)) return problems.conflict(err.code, err.message);
  if (isConcurrencyError(err)) return problems.conflict('concurrency-conflict', err.message);
  if (isInvalidEventError(err)) return new ProblemError(400, 'invalid-event', 'Invalid event', err.message);
  return undefined;
}

/** Last middleware: every error leaves as problem+json; unexpected ones are logged, never leaked. */
export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof ProblemError) return sendProblem(res, err, req.originalUrl);
    const domain = domainProblem(err);
    if (domain) return sendProblem(res, domain, req.originalUrl);
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large') {
      return sendProblem(res, new ProblemError(413, 'payload-too-large', 'Payload too large', 'the JSON body exceeds the configured limit'), req.originalUrl);
    }
    if (e.type === 'entity.parse.failed') {
      return sendProblem(res, new ProblemError(400, 'malformed-json', 'Malformed JSON', 'the request body is not valid JSON'), req.originalUrl);
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendProblem(res, new ProblemError(e.status, 'bad-request', 'Bad request', e.message), req.originalUrl);
    }
    const outage = dependencyOutage(err);
    if (outage) {
      logger.warn({ dependency: outage, error: e.message, correlationId: res.locals.correlationId }, 'dependency unavailable');
      return sendProblem(res, problems.dependencyUnavailable(outage), req.originalUrl);
    }
    logger.error({ err, correlationId: res.locals.correlationId }, 'unhandled error');
    sendProblem(res, new ProblemError(500, 'internal-error', 'Internal server error', 'an unexpected error occurred; quote the correlation id when reporting it'), req.originalUrl);
  };
}

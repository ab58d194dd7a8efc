import type { RequestHandler } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import { presentedKey } from './authentication';
import { ProblemError } from './problem';

export interface ThrottlingConfig {
  readonly windowMs: number;
  /** Requests one API key may make per window (0: unlimited). */
  readonly requestsPerKey: number;
  /** Requests without a valid key one client address may make per window before it is refused with 429 (0: unlimited). */
  readonly authFailuresPerAddress: number;
}

/**
 * The two limits of the authenticated routes, one instance each for the whole API so that
 * counts are per client and not per route. Counts live in this process (express-rate-limit's
 * memory store): several API processes each allow the limit. The library sets Retry-After.
 */
export interface Throttles {
  /** Before the scope check: counts requests without a valid key per client address; valid keys pass untouched. */
  readonly authFailures: RequestHandler;
  /** After the scope check: counts requests per key. */
  readonly perKey: RequestHandler;
}

export function createThrottles(config: ThrottlingConfig): Throttles {
  const common: Partial<Options> = { windowMs: config.windowMs, standardHeaders: 'draft-8', legacyHeaders: false };
  return {
    authFailures: rateLimit({
      ...common,
      limit: config.authFailuresPerAddress,
      skip: (_req, res) => config.authFailuresPerAddress === 0 || presentedKey(res) !== undefined,
      handler: (_req, res, next) => {
        next(tooMany('too-many-failed-authentications', `too many requests without a valid API key from this address; retry after ${String(res.getHeader('Retry-After'))} s`));
      },
    }),
    perKey: rateLimit({
      ...common,
      limit: config.requestsPerKey,
      skip: (_req, res) => config.requestsPerKey === 0 || presentedKey(res) === undefined,
      keyGenerator: (_req, res) => presentedKey(res)?.id ?? '',
      handler: (_req, res, next) => {
        next(tooMany('rate-limited', `this API key made more than ${config.requestsPerKey} requests in ${config.windowMs / 1000} s; retry after ${String(res.getHeader('Retry-After'))} s`));
      },
    }),
  };
}

function tooMany(type: string, detail: string): ProblemError {
  return new ProblemError(429, type, 'Too many requests', detail);
}

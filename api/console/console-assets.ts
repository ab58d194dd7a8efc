import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { ProblemError } from '../http/problem';

/** Where `npm run build:console` writes the console (vite.config.ts says the same). */
export const CONSOLE_DIST = new URL('../../dist/console', import.meta.url).pathname;

/**
 * Strict for the console: scripts, styles and fonts from this origin only (no inline script or
 * style element, no eval), API calls to this origin only, no framing, no plugins.
 */
export const CONSOLE_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
} as const;

/**
 * Serves the built console under /console with its Content-Security-Policy. The page itself is
 * public (it holds no data); everything it shows comes from the authenticated API with the key
 * the user enters. Hashed assets are cached for good, the page never.
 */
export function consoleAssets(dist: string = CONSOLE_DIST): Router {
  // strict: '/console' and '/console/' are different paths (the first redirects to the second).
  const router = Router({ strict: true });
  router.use('/console', helmet.contentSecurityPolicy({ useDefaults: false, directives: CONSOLE_CSP_DIRECTIVES }));
  const built: RequestHandler = (_req, _res, next) => {
    if (!existsSync(join(dist, 'index.html'))) {
      throw new ProblemError(503, 'console-not-built', 'Console not built', 'the console has not been built: run `npm run build:console` (npm start and npm test do it)');
    }
    next();
  };
  router.get('/console', built, (req, res) => res.redirect(301, '/console/'));
  router.use('/console', built, express.static(dist, {
    index: 'index.html',
    redirect: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  }));
  return router;
}

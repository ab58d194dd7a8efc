import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ProblemError } from './problem';

/**
 * The methods declared for each path, across every router of the API. Its middleware runs
 * before the routers: a known path asked with a method it does not have answers 405 with
 * `Allow`, and OPTIONS answers 204 with `Allow` (instead of 404, or one router's partial list).
 */
export class RouteTable {
  private readonly methods = new Map<string, Set<string>>();
  private router: RequestHandler | undefined;

  add(path: string, method: string): void {
    if (this.router) throw new Error(`route ${method.toUpperCase()} ${path} added after the API started answering`);
    const methods = this.methods.get(path) ?? new Set(['OPTIONS']);
    methods.add(method.toUpperCase());
    if (method.toUpperCase() === 'GET') methods.add('HEAD');
    this.methods.set(path, methods);
  }

  /** Mounted in front of the routers; the table is complete by the time the first request arrives. */
  readonly middleware: RequestHandler = (req, res, next) => {
    this.router ??= this.build();
    this.router(req, res, next);
  };

  private build(): RequestHandler {
    const router = Router();
    for (const [path, methods] of this.methods) {
      // Several paths may match one request (`/a/:id`, `/a/b`): any that allows the method lets it through.
      router.all(path, (req: Request, res: Response, next: NextFunction) => {
        if (methods.has(req.method) && req.method !== 'OPTIONS') return next('router');
        const allowed = (res.locals.allowedMethods as Set<string> | undefined) ?? new Set<string>();
        for (const m of methods) allowed.add(m);
        res.locals.allowedMethods = allowed;
        next();
      });
    }
    router.use((req: Request, res: Response, next: NextFunction) => {
      const allowed = res.locals.allowedMethods as Set<string> | undefined;
      if (!allowed) return next();
      const list = [...allowed].sort().join(', ');
      res.setHeader('Allow', list);
      if (req.method === 'OPTIONS') return void res.status(204).end();
      next(new ProblemError(405, 'method-not-allowed', 'Method not allowed', `${req.method} is not allowed here; allowed: ${list}`));
    });
    return router;
  }
}

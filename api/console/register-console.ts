import type { Express } from 'express';
import type { ApiDeps } from '../deps';
import type { ApiRoutes } from '../http/route';
import { consoleAssets } from './console-assets';
import { registerOperationsRoutes } from './operations-routes';
import { registerSagaRoutes } from './saga-routes';
import { registerStreamRoutes } from './stream-routes';

/** The API routes the operations console reads (query side: they change nothing). */
export function registerConsoleRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  registerStreamRoutes(routes, deps);
  registerSagaRoutes(routes, deps);
  registerOperationsRoutes(routes, deps);
}

/** The console's page and assets at /console (before the API's 404). */
export function mountConsole(app: Express): void {
  app.use(consoleAssets());
}

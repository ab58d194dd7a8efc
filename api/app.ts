import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { ApiDeps } from './deps';
import { correlationId } from './http/correlation-id';
import { httpTracing } from '../shared/platform/observability/http-tracing';
import { createOpenApiRegistry, generateOpenApiDocument } from './http/openapi';
import { problemErrorHandler, problems, requestPath } from './http/problem';
import { ApiRoutes, type RouteContext } from './http/route';
import { RouteTable } from './http/route-table';
import { createThrottles } from './http/throttling';
import { httpMetrics } from './http/http-metrics';
import { registerHealthRoutes } from './routes/health-routes';
import { registerMetricsRoutes } from './routes/metrics-routes';
import { registerSmokeRoutes } from './routes/smoke-routes';
import { registerOrderCommandRoutes } from './routes/ordering/order-command-routes';
import { registerStockCommandRoutes } from './routes/inventory/stock-command-routes';
import { registerLeadCommandRoutes } from './routes/crm/lead-command-routes';
import { registerLeadQueryRoutes } from './routes/crm/lead-query-routes';
import { registerDeadLetterRoutes } from './routes/operations/dead-letter-routes';
import { registerWebhookRoutes } from './routes/operations/webhook-routes';
import { registerCustomerCommandRoutes } from './routes/crm/customer-command-routes';
import { registerOrderQueryRoutes } from './routes/ordering/order-query-routes';
import { registerStockQueryRoutes } from './routes/inventory/stock-query-routes';
import { registerCustomerQueryRoutes } from './routes/crm/customer-query-routes';
import { registerProjectionRoutes } from './routes/operations/projection-routes';
import { registerCatalogRoutes } from './routes/catalog/catalog-routes';
import { registerMessageStreamRoutes } from './routes/catalog/message-stream-routes';
import { registerOrderAttachmentRoutes } from './routes/ordering/order-attachment-routes';
import { registerClaimRoutes } from './routes/claims/claim-routes';
import { codecServerRouter } from './routes/codec/codec-server-routes';
import { withoutSecrets } from './routes/codec/codec-endpoint-token';
import { registerDataProductRoutes } from './routes/data-products/data-product-routes';
import { registerReturnCommandRoutes } from './routes/returns/return-command-routes';
import { registerReturnQueryRoutes } from './routes/returns/return-query-routes';
import { mountConsole, registerConsoleRoutes } from './console/register-console';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // The client address that failed authentications are counted by: the peer, or the address a trusted proxy saw.
  app.set('trust proxy', deps.config.api.trustProxyHops === 0 ? false : deps.config.api.trustProxyHops);
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(correlationId);
  // Before the logger: request log lines carry the request's trace id.
  app.use(httpTracing);
  app.use(pinoHttp({
    logger: deps.logger,
    customProps: (_req, res) => ({ correlationId: res.locals.correlationId }),
    // Method, path and status only: headers carry API keys, query strings may (and are refused), bodies carry personal data.
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: requestPath(withoutSecrets(req.url)) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }));
  app.use(httpMetrics(deps.metrics));
  // Before the JSON parser: its own CORS, authentication and body limit (Temporal's codec-server protocol).
  app.use('/codec', codecServerRouter(deps));
  app.use(express.json({ limit: deps.config.api.bodyLimit, strict: true }));

  const context: RouteContext = {
    registry: createOpenApiRegistry(),
    keys: deps.keys,
    throttles: createThrottles(deps.config.api.throttling),
    table: new RouteTable(),
  };
  app.use(context.table.middleware);

  const routes = new ApiRoutes(context);
  registerHealthRoutes(routes, deps);
  registerMetricsRoutes(routes, deps);
  registerSmokeRoutes(routes, deps);
  registerOrderCommandRoutes(routes, deps);
  registerStockCommandRoutes(routes, deps);
  registerLeadCommandRoutes(routes, deps);
  registerWebhookRoutes(routes, deps);
  registerDeadLetterRoutes(routes, deps);
  registerCustomerCommandRoutes(routes, deps);
  registerOrderAttachmentRoutes(routes, deps);
  registerReturnCommandRoutes(routes, deps);
  app.use(routes.router);

  // Query side: a router of its own; it reads views only.
  const queries = new ApiRoutes(context);
  registerOrderQueryRoutes(queries, deps);
  registerStockQueryRoutes(queries, deps);
  registerCustomerQueryRoutes(queries, deps);
  registerProjectionRoutes(queries, deps);
  registerLeadQueryRoutes(queries, deps);
  registerCatalogRoutes(queries, deps);
  registerMessageStreamRoutes(queries, deps);
  registerClaimRoutes(queries, deps);
  registerDataProductRoutes(queries, deps);
  registerReturnQueryRoutes(queries, deps);
  registerConsoleRoutes(queries, deps);
  app.use(queries.router);

  const openApiDocument = generateOpenApiDocument(context.registry);
  context.table.add('/openapi.json', 'get');
  app.get('/openapi.json', (_req, res) => { res.json(openApiDocument); });
  mountConsole(app);

  app.use((req) => { throw problems.notFound(`no route for ${req.method} ${req.path}`); });
  app.use(problemErrorHandler(deps.logger));
  return app;
}

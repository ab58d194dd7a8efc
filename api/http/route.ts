import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { ApiKeyring } from './api-keys';
import { identifyApiKey, requireScope, scopeList } from './authentication';
import { IdempotencyKeyHeader } from './idempotency-key';
import type { OpenAPIRegistry } from './openapi';
import { problems, type FieldError } from './problem';
import { operatorKeys, emptyQueryValues, requireJsonBody } from './request-checks';
import { declaredResponses } from './route-responses';
import type { RouteTable } from './route-table';
import type { RouteInput, RouteSpec } from './route-spec';
import type { Throttles } from './throttling';

export type { Method, RouteInput, RouteResponse, RouteSpec } from './route-spec';

/** What every router of one API shares: the OpenAPI registry, the keys, the throttles, the table of routes. */
export interface RouteContext {
  readonly registry: OpenAPIRegistry;
  readonly keys: ApiKeyring;
  readonly throttles: Throttles;
  readonly table: RouteTable;
}

/**
 * Declares a route once: Express registration, authentication and throttling, zod validation of
 * body/params/query (400 with field-level detail), the request checks every route shares, and
 * the OpenAPI description with every answer the route can give all come from the same spec.
 */
export class ApiRoutes {
  readonly router = Router();

  constructor(private readonly context: RouteContext) {}

  add<B extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<B, P, Q>,
  ): this {
    this.describe(spec);
    this.context.table.add(spec.path, spec.method);
    const { keys, throttles } = this.context;
    const guards: RequestHandler[] =
      spec.scope === 'public' ? [] : [identifyApiKey(keys), throttles.authFailures, requireScope(spec.scope), throttles.perKey];
    const checks: RequestHandler[] = spec.body ? [requireJsonBody(spec.bodyOptional === true)] : [];
    this.router[spec.method](spec.path, ...guards, ...checks, async (req: Request, res: Response) => {
      const errors: FieldError[] = [...operatorKeys(req.body), ...emptyQueryValues(req.query)];
      const body = validate(spec.body, req.body, 'body', errors);
      const params = validate(spec.params, req.params, 'params', errors);
      const query = validate(spec.query, req.query, 'query', errors);
      if (errors.length > 0) throw problems.validation(errors);
      const input = { body, params, query, correlationId: res.locals.correlationId as string } as RouteInput<B, P, Q>;
      await spec.handler(input, res, req);
    });
    return this;
  }

  private describe(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): void {
    this.context.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [...spec.tags],
      ...(spec.scope === 'public' ? {} : { security: scopeList(spec.scope).map((scope) => ({ apiKey: [scope] })) }),
      request: {
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } }, required: spec.bodyOptional !== true } } : {}),
        ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
        ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
        ...(spec.idempotencyKeyHeader ? { headers: IdempotencyKeyHeader } : {}),
      },
      responses: declaredResponses(spec),
    });
  }
}

function validate<S extends z.ZodType>(schema: S | undefined, value: unknown, location: FieldError['location'], errors: FieldError[]): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    errors.push({ location, path: issue.path.map(String).join('.') || '(root)', message: issue.message });
  }
  return undefined;
}

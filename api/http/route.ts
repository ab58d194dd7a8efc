import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { ApiKeyring, Scope } from './api-keys';
import { identifyApiKey, requireScope, scopeList } from './authentication';
import { IdempotencyKeyHeader } from './idempotency-key';
import type { OpenAPIRegistry } from './openapi';
import { problems, type FieldError } from './problem';
import { operatorKeys, emptyQueryValues, requireJsonBody } from './request-checks';
import { declaredResponses } from './route-responses';
import type { RouteTable } from './route-table';
import type { Throttles } from './throttling';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteResponse {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Of a successful answer's body (default application/json; errors are always problem+json). */
  readonly contentType?: string;
}

export interface RouteSpec<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType> {
  readonly method: Method;
  /** Express style, e.g. `/orders/:id`. */
  readonly path: string;
  /** `public` routes need no API key; a list means any one of those scopes will do. */
  readonly scope: Scope | readonly Scope[] | 'public';
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly body?: B;
  /** The body may be left out altogether (every field has a default); otherwise a missing body is a 400. */
  readonly bodyOptional?: boolean;
  readonly params?: P;
  readonly query?: Q;
  /** The handler reads the Idempotency-Key header (idempotency-key.ts): declared on the operation with its meaning. */
  readonly idempotencyKeyHeader?: boolean;
  /** Successful answers, and error answers whose meaning the route explains; the others are declared from the spec. */
  readonly responses: Readonly<Record<number, RouteResponse>>;
  readonly handler: (input: RouteInput<B, P, Q>, res: Response, req: Request) => Promise<unknown> | unknown;
}

export interface RouteInput<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType> {
  readonly body: z.infer<B>;
  readonly params: z.infer<P>;
  readonly query: z.infer<Q>;
  readonly correlationId: string;
}

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

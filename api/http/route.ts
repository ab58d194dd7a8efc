import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { ApiKeyring, Scope } from './api-keys';
import { requireScope, scopeList } from './authentication';
import type { OpenAPIRegistry } from './openapi';
import { ProblemSchema } from './openapi';
import { problems, type FieldError } from './problem';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteResponse {
  readonly description: string;
  readonly schema?: z.ZodType;
}

export interface RouteSpec<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType> {
  readonly method: Method;
  /** Express style, e.g. `/orders/:id`. */
  readonly path: string;
  /** `public` routes need no API key; a list means any one of those scopes will do. */
  readonly scope: Scope | readonly Scope[] | 'public';
  readonly summary: string;
  readonly tags: readonly string[];
  readonly body?: B;
  readonly params?: P;
  readonly query?: Q;
  readonly responses: Readonly<Record<number, RouteResponse>>;
  readonly handler: (input: RouteInput<B, P, Q>, res: Response, req: Request) => Promise<unknown> | unknown;
}

export interface RouteInput<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType> {
  readonly body: z.infer<B>;
  readonly params: z.infer<P>;
  readonly query: z.infer<Q>;
  readonly correlationId: string;
}

/**
 * Declares a route once: Express registration, zod validation of body/params/query (400 with
 * field-level detail) and the OpenAPI description all come from the same spec.
 */
export class ApiRoutes {
  readonly router = Router();

  constructor(
    private readonly registry: OpenAPIRegistry,
    private readonly keys: ApiKeyring,
  ) {}

  add<B extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<B, P, Q>,
  ): this {
    this.describe(spec);
    const guards = spec.scope === 'public' ? [] : [requireScope(this.keys, spec.scope)];
    this.router[spec.method](spec.path, ...guards, async (req: Request, res: Response) => {
      const errors: FieldError[] = [];
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
    const responses: Record<string, object> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = r.schema ? { description: r.description, content: { 'application/json': { schema: r.schema } } } : { description: r.description };
    }
    responses['default'] ??= { description: 'Error (RFC 9457 problem document)', content: { 'application/problem+json': { schema: ProblemSchema } } };
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      tags: [...spec.tags],
      ...(spec.scope === 'public' ? {} : { security: scopeList(spec.scope).map((scope) => ({ apiKey: [scope] })) }),
      request: {
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } }, required: true } } : {}),
        ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
        ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
      },
      responses,
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

import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Scope } from './api-keys';

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

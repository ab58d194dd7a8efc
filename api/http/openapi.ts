import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { OpenAPIRegistry };

export function createOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'API key from API_KEYS' });
  return registry;
}

export function generateOpenApiDocument(registry: OpenAPIRegistry): object {
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Saga platform API',
      version: '0.1.0',
      description:
        'Command side (start, signal, update workflows) and query side (views) of the saga platform. Errors are application/problem+json (RFC 9457). ' +
        'During an outage of MongoDB or Temporal every operation answers 503 with Retry-After and has not completed; ' +
        'a command retried with the same idempotency key (Idempotency-Key header, or the orderId / leadId in the body) takes effect at most once.',
    },
  });
  for (const path of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(path as Record<string, { parameters?: ParameterLike[] }>)) {
      for (const parameter of operation.parameters ?? []) requireValue(parameter);
    }
  }
  return withPatternsFixed(document);
}

interface ParameterLike {
  readonly in?: string;
  readonly schema?: { type?: unknown; minLength?: number };
}

/** The API refuses `?name=` (request-checks.ts): say so for string query parameters. */
function requireValue(parameter: ParameterLike): void {
  if (parameter.in === 'query' && parameter.schema?.type === 'string' && parameter.schema.minLength === undefined) parameter.schema.minLength = 1;
}

/**
 * zod-to-openapi writes a regular expression with flags as `source/flags` (it strips only the
 * slashes of a flagless literal). A schema `pattern` is an ECMA-262 expression read with the
 * `u` flag, so `u` is dropped; any other flag cannot be expressed and stops the generation.
 */
function withPatternsFixed<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withPatternsFixed) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'pattern' && typeof value === 'string' ? withoutFlags(value) : withPatternsFixed(value);
  }
  return out as T;
}

function withoutFlags(pattern: string): string {
  const flagged = /^(.*[^\\])\/([dgimsuvy]+)$/s.exec(pattern);
  if (!flagged) return pattern;
  if (flagged[2] !== 'u') throw new Error(`pattern ${pattern}: flags other than u cannot be expressed in the OpenAPI document`);
  return flagged[1] as string;
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string(),
    correlationId: z.string().optional(),
    errors: z.array(z.object({ location: z.string(), path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

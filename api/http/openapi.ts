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
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Saga platform API',
      version: '0.1.0',
      description: 'Command side (start, signal, update workflows) and query side (views) of the saga platform. Errors are application/problem+json (RFC 9457).',
    },
  });
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

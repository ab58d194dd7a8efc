import { z } from 'zod';

const Freshness = z.object({
  objectiveSeconds: z.number().int(),
  lagSeconds: z.number().nullable().meta({ description: 'How far the output port trails the event store now' }),
  objectiveMet: z.boolean(),
  freshAsOf: z.string().nullable().meta({ description: 'Every event committed before this instant is in the port' }),
});

export const ProductStatus = z
  .object({
    health: z.enum(['healthy', 'unhealthy', 'repairing', 'rebuilding', 'not-built']),
    problems: z.array(z.string()),
    freshness: Freshness,
    lastRefreshAt: z.string().nullable(),
    checkedAt: z.string().nullable().meta({ description: 'Last time the analytical worker checked the product' }),
    rows: z.number().int(),
    partitions: z.number().int(),
    generation: z.number().int().nullable(),
  })
  .openapi('DataProductStatus');

const Owner = z.object({ team: z.string(), contact: z.string() });

export const ProductSummary = z
  .object({ name: z.string(), context: z.string(), version: z.number().int(), owner: Owner, purpose: z.string(), href: z.string(), status: ProductStatus })
  .openapi('DataProductSummary');

export const ProductList = z.object({ items: z.array(ProductSummary) }).openapi('DataProductList');

const ColumnEntry = z.object({
  name: z.string(),
  type: z.string(),
  nullable: z.boolean(),
  description: z.string().optional(),
  personalData: z.enum(['none', 'pseudonymised']),
  pseudonymOf: z.string().optional().meta({ description: 'The source field a pseudonymised column stands for' }),
});

export const ProductDescriptor = ProductSummary.extend({
  freshnessObjectiveSeconds: z.number().int(),
  retentionDays: z.number().int(),
  schema: z.object({ version: z.number().int(), table: z.string(), key: z.array(z.string()), partitionBy: z.object({ column: z.string(), grain: z.string() }), columns: z.array(ColumnEntry) }),
  dropped: z.array(z.object({ field: z.string(), why: z.string() })).meta({ description: 'Personal fields of the source left out of every output' }),
  source: z.object({ kind: z.enum(['public-messages', 'stored-events']), messages: z.array(z.object({ type: z.string(), version: z.number().int() })).optional(), why: z.string().optional() }),
  outputPorts: z.array(z.looseObject({ kind: z.enum(['parquet', 'named-queries']) })),
}).openapi('DataProduct');

export const QueryAnswerResponse = z
  .object({
    product: z.string(),
    version: z.number().int(),
    query: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    generation: z.number().int().meta({ description: 'Generation of the files the answer was computed from' }),
    freshness: Freshness,
    rows: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('DataProductQueryAnswer');

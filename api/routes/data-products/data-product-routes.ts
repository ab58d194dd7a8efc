import { z } from 'zod';
import { dataProductCatalogue } from '../../../shared/domain/data-product-catalog';
import type { DataProduct } from '../../../shared/platform/data-products/data-product-definition';
import type { PortState } from '../../../shared/platform/data-products/port-reader';
import { tableColumns } from '../../../shared/platform/data-products/table-columns';
import type { ApiDeps } from '../../deps';
import { ProblemError } from '../../http/problem';
import type { ApiRoutes } from '../../http/route';
import { answer, portsFor } from './data-product-ports';
import { ProductDescriptor, ProductList, QueryAnswerResponse } from './data-product-schemas';

const catalogue = dataProductCatalogue;
const productPath = (p: DataProduct): string => `/data-products/${p.name}`;
const queryPath = (p: DataProduct, query: string): string => `${productPath(p)}/queries/${query}`;
const NameParams = z.object({ name: z.string().max(200) }).strict();

function unknownProduct(name: string): ProblemError {
  return new ProblemError(404, 'unknown-data-product', 'Not found', `no data product '${name}'`, { available: catalogue.names() });
}

function summary(p: DataProduct, status: PortState) {
  return { name: p.name, context: p.context, version: p.version, owner: { ...p.owner }, purpose: p.purpose, href: productPath(p), status: { ...status, problems: [...status.problems] } };
}

function descriptor(p: DataProduct, status: PortState): z.input<typeof ProductDescriptor> {
  return {
    ...summary(p, status),
    freshnessObjectiveSeconds: p.freshnessObjectiveSeconds,
    retentionDays: p.retentionDays,
    schema: {
      version: p.version,
      table: p.table,
      key: [...p.key],
      partitionBy: { ...p.partitionBy },
      columns: tableColumns(p).map((c) => ({
        name: c.name,
        type: c.type,
        nullable: c.nullable,
        ...(c.description ? { description: c.description } : {}),
        personalData: p.classification[c.name]?.personal ?? 'none',
        ...(c.pseudonymOf ? { pseudonymOf: c.pseudonymOf } : {}),
      })),
    },
    dropped: p.dropped.map((d) => ({ ...d })),
    source: p.source.kind === 'public-messages' ? { kind: p.source.kind, messages: p.source.messages.map((m) => ({ ...m })) } : { kind: p.source.kind, why: p.source.why },
    outputPorts: [
      {
        kind: 'parquet',
        description: 'Parquet files, one folder per partition (Hive style), under the data products ports folder (DATA_PRODUCTS_DIR/ports); manifest.json lists each partition with its rows and SHA-256',
        path: `${p.name}/v${p.version}/`,
        layout: `${p.partitionBy.grain}=<${p.partitionBy.grain === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'}>/data.parquet`,
        manifest: `${p.name}/v${p.version}/manifest.json`,
      },
      {
        kind: 'named-queries',
        queries: p.queries.map((q) => ({
          name: q.name,
          description: q.description,
          href: queryPath(p, q.name),
          parameters: z.toJSONSchema(q.parameters, { io: 'input', unrepresentable: 'any' }),
          row: z.toJSONSchema(q.row, { unrepresentable: 'any' }),
        })),
      },
    ],
  };
}

/**
 * Data products as the domains serve them: discoverable (`GET /data-products`), addressable and
 * self-describing (`GET /data-products/{name}`: owner, purpose, schema per column with its
 * personal-data classification, output ports, freshness objective and live status), and
 * answering named queries over their analytical port only, never free SQL.
 */
export function registerDataProductRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const ports = portsFor(deps);
  routes.add({
    method: 'get',
    path: '/data-products',
    scope: 'queries',
    summary: 'Every data product with its owner, purpose and live status (freshness versus objective, rows, health)',
    tags: ['data-products'],
    responses: { 200: { description: 'The data products', schema: ProductList } },
    handler: async (_input, res) => {
      const items = await Promise.all(catalogue.products.map(async (p) => summary(p, await ports.state(p))));
      res.json({ items });
    },
  });
  routes.add({
    method: 'get',
    path: '/data-products/:name',
    scope: 'queries',
    summary: 'One data product: owner, purpose, schema with personal-data classification, output ports, named queries, freshness objective, retention and live status',
    tags: ['data-products'],
    params: NameParams,
    responses: { 200: { description: 'The data product', schema: ProductDescriptor } },
    handler: async ({ params }, res) => {
      const product = catalogue.find(params.name);
      if (!product) throw unknownProduct(params.name);
      res.json(descriptor(product, await ports.state(product)));
    },
  });
  for (const product of catalogue.products) {
    for (const query of product.queries) {
      routes.add({
        method: 'get',
        path: queryPath(product, query.name),
        scope: 'queries',
        summary: `${product.name}: ${query.description}`,
        tags: ['data-products'],
        query: query.parameters,
        responses: { 200: { description: 'Rows of the answer, with the freshness of the files they come from', schema: QueryAnswerResponse } },
        handler: async ({ query: parameters }, res) => {
          const result = await answer(deps, product, query, parameters);
          res.json({ product: product.name, version: product.version, query: query.name, parameters, generation: result.generation, freshness: result.freshness, rows: result.rows });
        },
      });
    }
  }
  routes.add({
    method: 'get',
    path: '/data-products/:name/queries/:query',
    scope: 'queries',
    summary: 'Unknown product or query: 404 listing what exists',
    tags: ['data-products'],
    params: NameParams.extend({ query: z.string().max(200) }),
    responses: {},
    handler: ({ params }) => {
      const product = catalogue.find(params.name);
      if (!product) throw unknownProduct(params.name);
      throw new ProblemError(404, 'unknown-data-product-query', 'Not found', `${product.name} has no query '${params.query}'`, { available: product.queries.map((q) => q.name) });
    },
  });
}

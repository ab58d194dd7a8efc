import { join } from 'node:path';
import { dataProductCatalogue } from '../../../shared/domain/data-product-catalog';
import type { DataProduct } from '../../../shared/platform/data-products/data-product-definition';
import type { NamedQuery } from '../../../shared/platform/data-products/named-query';
import { DataProductPorts, PortNotBuiltError, PortUnhealthyError, type QueryAnswer } from '../../../shared/platform/data-products/port-reader';
import type { ApiDeps } from '../../deps';
import { ProblemError } from '../../http/problem';

const ports = new WeakMap<ApiDeps, DataProductPorts>();

/** The query side of the output ports, one per API (its loaded snapshots are shared by every route). */
export function portsFor(deps: ApiDeps): DataProductPorts {
  let found = ports.get(deps);
  if (!found) {
    found = new DataProductPorts(join(deps.config.dataProducts.directory, 'ports'), dataProductCatalogue);
    ports.set(deps, found);
  }
  return found;
}

/** A named query's answer, or 503 when the port cannot answer completely. */
export async function answer(deps: ApiDeps, product: DataProduct, query: NamedQuery, parameters: unknown): Promise<QueryAnswer> {
  try {
    return await portsFor(deps).query(product, query, parameters as Record<string, unknown>);
  } catch (err) {
    if (err instanceof PortNotBuiltError) {
      throw new ProblemError(503, 'data-product-not-built', 'Data product not built yet', `${product.name} has no output files yet: the analytical worker (workers/data-products.ts) builds it from the event store`);
    }
    if (err instanceof PortUnhealthyError) {
      throw new ProblemError(503, 'data-product-unhealthy', 'Data product unhealthy', `${product.name} cannot answer completely; the analytical worker rewrites the partitions concerned`, { problems: err.problems });
    }
    throw err;
  }
}

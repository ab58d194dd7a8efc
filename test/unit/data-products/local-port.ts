import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataProduct, RowChange } from '../../../shared/platform/data-products/data-product-definition';
import { DataProductCatalogue } from '../../../shared/platform/data-products/data-product-catalogue';
import { DataProductPorts } from '../../../shared/platform/data-products/port-reader';
import { PortWriter } from '../../../shared/platform/data-products/port-writer';
import { Pseudonymiser } from '../../../shared/platform/data-products/pseudonymiser';
import { toCellChanges } from '../../../shared/platform/data-products/row-cells';
import { tableColumns } from '../../../shared/platform/data-products/table-columns';
import { Warehouse } from '../../../shared/platform/data-products/warehouse';

export interface LocalPort {
  query(name: string, parameters?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * A product's port built from row changes without the relay: the warehouse, the Parquet export
 * and the locked query side, on a temp folder (for testing the named queries' SQL on real data).
 */
export async function localPort(product: DataProduct, entries: readonly { streamId: string; version: number; rows: readonly RowChange<Record<string, unknown>>[] }[]): Promise<LocalPort> {
  const folder = mkdtempSync(join(tmpdir(), 'local-port-'));
  const warehouse = await Warehouse.open(join(folder, 'warehouse.duckdb'));
  await warehouse.attach(product);
  const columns = tableColumns(product);
  const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 1));
  await warehouse.applyBatch(product.name, 'live', entries.map((e) => ({ streamId: e.streamId, version: e.version, changes: toCellChanges(product, columns, e.rows, pseudonymiser) })));
  await new PortWriter(join(folder, 'ports'), product, warehouse).export();
  const ports = new DataProductPorts(join(folder, 'ports'), new DataProductCatalogue([product]));
  return {
    async query(name, parameters = {}) {
      const query = product.queries.find((q) => q.name === name);
      if (!query) throw new Error(`no query ${name}`);
      return [...(await ports.query(product, query, query.parameters.parse(parameters))).rows];
    },
    async close() {
      ports.close();
      await warehouse.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

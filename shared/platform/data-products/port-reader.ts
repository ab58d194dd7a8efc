import { stat } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { z } from 'zod';
import type { DataProductCatalogue } from './data-product-catalogue';
import type { DataProduct } from './data-product-definition';
import { freshness, type Freshness } from './freshness';
import type { NamedQuery } from './named-query';
import { manifestFile, partitionFile, PartitionVerifier, PortManifest, PortStatus, productDirectory, readJsonFile, statusFile } from './port-layout';
import { quoteIdentifier as q, tableColumns } from './table-columns';

/** The port has no files yet (the worker has not built it). */
export class PortNotBuiltError extends Error {
  override readonly name = 'PortNotBuiltError';
}

/** The files do not match their manifest: answering would return partial or wrong data. */
export class PortUnhealthyError extends Error {
  override readonly name = 'PortUnhealthyError';
  constructor(
    readonly product: string,
    readonly problems: readonly string[],
  ) {
    super(`${product} is unhealthy: ${problems.join('; ')}`);
  }
}

export type ReportedHealth = 'healthy' | 'unhealthy' | 'repairing' | 'rebuilding' | 'not-built';

export interface PortState {
  readonly health: ReportedHealth;
  readonly problems: readonly string[];
  readonly generation: number | null;
  readonly rows: number;
  readonly partitions: number;
  readonly lastRefreshAt: string | null;
  readonly checkedAt: string | null;
  readonly freshness: Freshness;
}

export interface QueryAnswer {
  readonly generation: number;
  readonly freshness: Freshness;
  readonly rows: readonly Record<string, unknown>[];
}

interface Snapshot {
  readonly generation: number;
  readonly instance: DuckDBInstance;
}

const LOAD_ATTEMPTS = 3;
const RETIRED_SNAPSHOT_CLOSE_MS = 60_000;

const strictRows = new WeakMap<NamedQuery, z.ZodType>();
/** The query's row schema refusing unknown fields: a column the query did not declare never leaves. */
function strictRow(query: NamedQuery): z.ZodType {
  let schema = strictRows.get(query);
  if (!schema) strictRows.set(query, (schema = query.row.strict()));
  return schema;
}

/**
 * The query side of the output ports. Each product's current generation is loaded from its
 * Parquet files, after checking them against the manifest, into an in-memory DuckDB that then
 * loses all file access (`enable_external_access = false`, configuration locked): the named
 * queries run on a table and can read or write no file. A new generation is loaded on the next
 * query; a file that does not match its manifest makes the product unhealthy, never half answered.
 */
export class DataProductPorts {
  private readonly snapshots = new Map<string, Promise<Snapshot>>();
  private readonly verifier = new PartitionVerifier();

  constructor(
    private readonly root: string,
    readonly catalogue: DataProductCatalogue,
  ) {}

  async state(product: DataProduct, now = new Date()): Promise<PortState> {
    const directory = productDirectory(this.root, product);
    const [manifest, status] = await Promise.all([
      readJsonFile(manifestFile(directory), PortManifest).catch(() => undefined),
      readJsonFile(statusFile(directory), PortStatus).catch(() => undefined),
    ]);
    const problems = manifest ? await this.verifier.problems(directory, manifest) : [];
    const health: ReportedHealth = !manifest ? (status?.health === 'rebuilding' ? 'rebuilding' : 'not-built') : problems.length > 0 ? 'unhealthy' : (status?.health ?? 'healthy');
    return {
      health,
      problems: problems.length > 0 ? problems : (status?.problems ?? []),
      generation: manifest?.generation ?? null,
      rows: manifest?.partitions.reduce((n, p) => n + p.rows, 0) ?? 0,
      partitions: manifest?.partitions.length ?? 0,
      lastRefreshAt: status?.lastRefreshAt ?? null,
      checkedAt: status?.checkedAt ?? null,
      freshness: freshness(product, status, now),
    };
  }

  async query(product: DataProduct, query: NamedQuery, parameters: z.output<NamedQuery['parameters']>): Promise<QueryAnswer> {
    const snapshot = await this.snapshot(product);
    const statement = query.sql(parameters);
    const connection = await snapshot.instance.connect();
    try {
      const reader = await connection.runAndReadAll(statement.text, { ...statement.values });
      const shape = strictRow(query);
      const rows = reader.getRowObjectsJson().map((row) => shape.parse(row) as Record<string, unknown>);
      const status = await readJsonFile(statusFile(productDirectory(this.root, product)), PortStatus).catch(() => undefined);
      return { generation: snapshot.generation, freshness: freshness(product, status), rows };
    } finally {
      connection.closeSync();
    }
  }

  close(): void {
    for (const snapshot of this.snapshots.values()) void snapshot.then((s) => s.instance.closeSync(), () => undefined);
    this.snapshots.clear();
  }

  /** The loaded current generation; loads the manifest's generation when it changed. */
  private async snapshot(product: DataProduct): Promise<Snapshot> {
    const directory = productDirectory(this.root, product);
    const manifest = await readJsonFile(manifestFile(directory), PortManifest);
    if (!manifest) throw new PortNotBuiltError(`${product.name} has not been built yet`);
    const cached = this.snapshots.get(product.name);
    const current = cached ? await cached.catch(() => undefined) : undefined;
    if (current && current.generation === manifest.generation) return current;
    const loading = this.load(product, directory);
    this.snapshots.set(product.name, loading);
    // The previous generation may still be answering a query: closed a little later.
    loading.then(
      () => current && setTimeout(() => current.instance.closeSync(), RETIRED_SNAPSHOT_CLOSE_MS).unref(),
      () => this.snapshots.delete(product.name),
    );
    return loading;
  }

  private async load(product: DataProduct, directory: string): Promise<Snapshot> {
    let problems: string[] = [];
    for (let attempt = 0; attempt < LOAD_ATTEMPTS; attempt += 1) {
      const manifest = await readJsonFile(manifestFile(directory), PortManifest);
      if (!manifest) throw new PortNotBuiltError(`${product.name} has not been built yet`);
      problems = await this.verifier.problems(directory, manifest);
      if (problems.length > 0) continue; // the worker may be replacing files and manifest right now
      const files = manifest.partitions.map((p) => partitionFile(directory, p.name));
      const before = await Promise.all(files.map((f) => stat(f)));
      const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
      try {
        const connection = await instance.connect();
        const columns = tableColumns(product);
        await connection.run(`SET GLOBAL TimeZone = 'UTC'`);
        await connection.run(`CREATE TABLE ${q(product.table)} (${columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`);
        if (files.length > 0) {
          const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
          await connection.run(`INSERT INTO ${q(product.table)} SELECT ${columns.map((c) => q(c.name)).join(', ')} FROM read_parquet([${list}])`);
        }
        await connection.run('SET enable_external_access = false');
        await connection.run('SET lock_configuration = true');
        const loaded = Number((await connection.runAndReadAll(`SELECT CAST(count(*) AS VARCHAR) AS n FROM ${q(product.table)}`)).getRowObjectsJson()[0]?.n);
        connection.closeSync();
        const after = await Promise.all(files.map((f) => stat(f).catch(() => undefined)));
        const unchanged = after.every((a, i) => a && a.size === before[i]?.size && a.mtimeMs === before[i]?.mtimeMs);
        const expected = manifest.partitions.reduce((n, p) => n + p.rows, 0);
        if (unchanged && loaded === expected) return { generation: manifest.generation, instance };
        problems = unchanged ? [`loaded ${loaded} rows, the manifest lists ${expected}`] : ['partition files changed while loading'];
      } catch (err) {
        problems = [`reading the partitions failed: ${(err as Error).message.split('\n')[0]}`];
      }
      instance.closeSync();
    }
    throw new PortUnhealthyError(product.name, problems);
  }
}

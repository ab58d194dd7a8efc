import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { DataProduct, PartitionGrain } from './data-product-definition';

/**
 * The analytical output port on disk, readable by any Parquet tool (DuckDB, Spark, Trino,
 * ClickHouse, Pinot) and copied as is to object storage:
 *
 *   <root>/<product>/v<version>/<day=YYYY-MM-DD | month=YYYY-MM>/data.parquet   one folder per partition
 *   <root>/<product>/v<version>/manifest.json   the partitions, their rows, sizes and SHA-256 (one generation)
 *   <root>/<product>/v<version>/status.json     freshness and health, rewritten by the worker every cycle
 *
 * A partition file is replaced by rename, then the manifest: a reader that finds a file not
 * matching its manifest reads the manifest again; one that still does not match reports the product unhealthy.
 */
export const PartitionEntry = z.object({
  /** `day=2026-01-31` or `month=2026-01` (Hive style, so readers can prune by it). */
  name: z.string().regex(/^(day=\d{4}-\d{2}-\d{2}|month=\d{4}-\d{2})$/),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PartitionEntry = z.infer<typeof PartitionEntry>;

export const PortManifest = z.object({
  product: z.string(),
  version: z.number().int().min(1),
  /** Grows with every change of the files: readers reload on a new generation. */
  generation: z.number().int().min(0),
  writtenAt: z.iso.datetime(),
  table: z.string(),
  partitions: z.array(PartitionEntry),
});
export type PortManifest = z.infer<typeof PortManifest>;

export const HEALTH_STATES = ['healthy', 'repairing', 'rebuilding'] as const;

export const PortStatus = z.object({
  product: z.string(),
  version: z.number().int().min(1),
  /** Every event committed before this instant is in the port (null: not caught up yet). */
  freshAsOf: z.iso.datetime().nullable(),
  /** Last time the worker wrote changed partitions. */
  lastRefreshAt: z.iso.datetime().nullable(),
  /** Last time the worker checked (it rewrites this file every cycle). */
  checkedAt: z.iso.datetime(),
  rows: z.number().int().min(0),
  health: z.enum(HEALTH_STATES),
  /** What the worker found wrong and is repairing or rebuilding. */
  problems: z.array(z.string()),
});
export type PortStatus = z.infer<typeof PortStatus>;

export const productDirectory = (root: string, product: Pick<DataProduct, 'name' | 'version'>): string => join(root, product.name, `v${product.version}`);
export const partitionFile = (directory: string, partition: string): string => join(directory, partition, 'data.parquet');
export const manifestFile = (directory: string): string => join(directory, 'manifest.json');
export const statusFile = (directory: string): string => join(directory, 'status.json');

/** The partition a DATE value (`YYYY-MM-DD`) falls in. */
export function partitionOf(grain: PartitionGrain, day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new TypeError(`partition value '${day}' is not a YYYY-MM-DD date`);
  return grain === 'day' ? `day=${day}` : `month=${day.slice(0, 7)}`;
}

/** The first and last day (inclusive) of a partition. */
export function partitionDays(partition: string): { first: string; last: string } {
  const [kind, value] = partition.split('=') as [string, string];
  if (kind === 'day') return { first: value, last: value };
  const [year, month] = value.split('-').map(Number) as [number, number];
  return { first: `${value}-01`, last: new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) };
}

/** Writes JSON so that a reader sees the old file or the new one, never half of one. */
export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, file);
}

export async function readJsonFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid ${schema.description ?? 'port file'}: ${parsed.error.message}`);
  return parsed.data;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Checks the partition files against the manifest: present, same size, same SHA-256. A file
 * whose size and modification time are what a previous check saw is not hashed again.
 */
export class PartitionVerifier {
  private readonly verified = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

  async problems(directory: string, manifest: PortManifest): Promise<string[]> {
    const problems: string[] = [];
    for (const p of manifest.partitions) {
      const file = partitionFile(directory, p.name);
      const info = await stat(file).catch(() => undefined);
      if (!info) {
        problems.push(`partition ${p.name} is missing`);
        continue;
      }
      if (info.size !== p.bytes) {
        problems.push(`partition ${p.name} has ${info.size} bytes, the manifest says ${p.bytes}`);
        continue;
      }
      const known = this.verified.get(file);
      const sha256 = known && known.size === info.size && known.mtimeMs === info.mtimeMs ? known.sha256 : await sha256OfFile(file);
      this.verified.set(file, { size: info.size, mtimeMs: info.mtimeMs, sha256 });
      if (sha256 !== p.sha256) problems.push(`partition ${p.name} is corrupted (SHA-256 differs from the manifest)`);
    }
    return problems;
  }
}

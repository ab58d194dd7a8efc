import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DataProduct } from './data-product-definition';
import {
  manifestFile,
  partitionFile,
  PartitionVerifier,
  PortManifest,
  productDirectory,
  readJsonFile,
  sha256OfFile,
  statusFile,
  writeJsonAtomically,
  type PartitionEntry,
  type PortStatus,
} from './port-layout';
import type { Warehouse } from './warehouse';

/**
 * Writes one product's output port: the dirty partitions as Parquet files (each written beside
 * its place, then renamed over it), then a manifest of the new generation. Checks the files it
 * wrote and marks a missing or corrupted partition for export again.
 */
export class PortWriter {
  readonly directory: string;
  private manifest: PortManifest | undefined;
  private readonly verifier = new PartitionVerifier();

  constructor(
    root: string,
    private readonly product: DataProduct,
    private readonly warehouse: Warehouse,
  ) {
    this.directory = productDirectory(root, product);
  }

  /** The manifest on disk, if any (a manifest that cannot be read counts as none: the port is re-exported). */
  async load(): Promise<PortManifest | undefined> {
    this.manifest = await readJsonFile(manifestFile(this.directory), PortManifest).catch(() => undefined);
    return this.manifest;
  }

  get partitions(): readonly PartitionEntry[] {
    return this.manifest?.partitions ?? [];
  }

  get rows(): number {
    return this.partitions.reduce((n, p) => n + p.rows, 0);
  }

  /** Exports the dirty partitions; true when the files changed (a new manifest generation). */
  async export(): Promise<boolean> {
    const partitions = new Map(this.partitions.map((p) => [p.name, p]));
    const changed = await this.warehouse.exportDirty(this.product.name, async (partition, rows, copyTo) => {
      const file = partitionFile(this.directory, partition);
      if (rows === 0) {
        await rm(dirname(file), { recursive: true, force: true });
        partitions.delete(partition);
        return;
      }
      await mkdir(dirname(file), { recursive: true });
      const temporary = join(dirname(file), `.data.parquet.${randomUUID()}.tmp`);
      await copyTo(temporary);
      const [sha256, info] = await Promise.all([sha256OfFile(temporary), stat(temporary)]);
      await rename(temporary, file);
      partitions.set(partition, { name: partition, rows, bytes: info.size, sha256 });
    });
    if (changed.length === 0 && this.manifest) return false;
    this.manifest = {
      product: this.product.name,
      version: this.product.version,
      generation: (this.manifest?.generation ?? 0) + 1,
      writtenAt: new Date().toISOString(),
      table: this.product.table,
      partitions: [...partitions.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    };
    await writeJsonAtomically(manifestFile(this.directory), this.manifest);
    return true;
  }

  /** Problems of the files against the manifest; the partitions concerned are marked for export again. */
  async verify(): Promise<string[]> {
    if (!this.manifest) return [];
    const problems = await this.verifier.problems(this.directory, this.manifest);
    const broken = this.manifest.partitions.filter((p) => problems.some((problem) => problem.startsWith(`partition ${p.name} `)));
    if (broken.length > 0) await this.warehouse.markPartitionsDirty(this.product.name, broken.map((p) => p.name));
    return problems;
  }

  writeStatus(status: PortStatus): Promise<void> {
    return writeJsonAtomically(statusFile(this.directory), status);
  }
}

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { DataProduct } from './data-product-definition';
import { asText, castFromText, keyOf, type CellChange, type Cells } from './row-cells';
import { publishedSchema } from './schema-snapshot';
import { quoteIdentifier as q, tableColumns, type Column } from './table-columns';
import { partitionDays, partitionOf } from './port-layout';

/** The changes one stored event makes to one product, at that event's stream position. */
export interface EventChanges {
  readonly streamId: string;
  readonly version: number;
  readonly changes: readonly CellChange[];
}

/** `live`: the table the port is exported from; `rebuild`: the shadow table a rebuild fills before it replaces it. */
export type Target = 'live' | 'rebuild';

interface ProductTables {
  readonly product: DataProduct;
  readonly columns: readonly Column[];
  readonly live: string;
  readonly rebuild: string;
  readonly stage: string;
  /** Stream versions applied, per target (every target's full map is kept in memory). */
  readonly positions: Record<Target, Map<string, number>>;
}

/**
 * The analytical worker's DuckDB database (one file): each product's table, the stream position
 * each product has applied (redeliveries and replays are skipped), and the partitions changed
 * since the last export. One writer: calls are serialised, and every batch is one transaction
 * (its rows, its positions and its dirty partitions commit together). A file DuckDB cannot open
 * is moved aside and a new one started: the products are rebuilt from the event store.
 */
export class Warehouse {
  private readonly tables = new Map<string, ProductTables>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(file: string, onDiscarded?: (reason: string) => void): Promise<Warehouse> {
    mkdirSync(dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, { threads: '2' });
    } catch (err) {
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      if (existsSync(`${file}.wal`)) renameSync(`${file}.wal`, `${aside}.wal`);
      onDiscarded?.(`${(err as Error).message}; moved to ${aside}`);
      instance = await DuckDBInstance.create(file, { threads: '2' });
    }
    const connection = await instance.connect();
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run(`CREATE TABLE IF NOT EXISTS _products (product VARCHAR PRIMARY KEY, version INTEGER NOT NULL, schema VARCHAR NOT NULL, built_at TIMESTAMPTZ)`);
    for (const target of ['live', 'rebuild'] as const) {
      await connection.run(`CREATE TABLE IF NOT EXISTS ${positionsTable(target)} (product VARCHAR, stream_id VARCHAR, version BIGINT NOT NULL, PRIMARY KEY (product, stream_id))`);
    }
    await connection.run(`CREATE TABLE IF NOT EXISTS _dirty_partitions (product VARCHAR, partition VARCHAR, PRIMARY KEY (product, partition))`);
    await connection.run(`CREATE OR REPLACE TEMP TABLE _stage_positions (product VARCHAR, stream_id VARCHAR, version BIGINT)`);
    return new Warehouse(instance, connection);
  }

  /**
   * Makes the product's table ready; true when it holds a complete build of this version and
   * schema, false when it was just created (empty: rebuild it from the event store).
   */
  attach(product: DataProduct): Promise<boolean> {
    return this.exclusive(async () => {
      const columns = tableColumns(product);
      const base = `${product.context}_${product.table}_v${product.version}`;
      const tables: ProductTables = {
        product,
        columns,
        live: base,
        rebuild: `${base}__rebuild`,
        stage: `_stage_${base}`,
        positions: { live: new Map(), rebuild: new Map() },
      };
      this.tables.set(product.name, tables);
      const schema = JSON.stringify(publishedSchema(product));
      const meta = await this.rows(`SELECT version, schema, CAST(built_at AS VARCHAR) AS built_at FROM _products WHERE product = $1`, [product.name]);
      const built = meta[0] && meta[0].version === String(product.version) && meta[0].schema === schema && meta[0].built_at !== null;
      await this.connection.run(`CREATE OR REPLACE TEMP TABLE ${q(tables.stage)} (${columns.map((c) => `${q(c.name)} VARCHAR`).join(', ')})`);
      if (!built) {
        await this.connection.run(`DROP TABLE IF EXISTS ${q(tables.live)}`);
        await this.connection.run(createTable(tables.live, columns, product.key));
        await this.connection.run(`DELETE FROM _positions WHERE product = $1`, [product.name]);
        await this.connection.run(`DELETE FROM _dirty_partitions WHERE product = $1`, [product.name]);
        await this.connection.run(`INSERT OR REPLACE INTO _products VALUES ($1, $2, $3, NULL)`, [product.name, product.version, schema]);
        return false;
      }
      for (const row of await this.rows(`SELECT stream_id, CAST(version AS VARCHAR) AS version FROM _positions WHERE product = $1`, [product.name])) {
        tables.positions.live.set(row.stream_id as string, Number(row.version));
      }
      return true;
    });
  }

  /** Applies events' changes in order, skipping those at or below the stream position already applied; one transaction. */
  applyBatch(name: string, target: Target, batch: readonly EventChanges[]): Promise<{ applied: number }> {
    return this.exclusive(async () => {
      const t = this.product(name);
      const positions = new Map<string, number>();
      const pending = new Map<string, Cells>();
      let applied = 0;
      for (const entry of batch) {
        const known = positions.get(entry.streamId) ?? t.positions[target].get(entry.streamId) ?? 0;
        if (entry.version <= known) continue;
        for (const change of entry.changes) {
          if ('upsert' in change) pending.set(keyOf(t.product.key, change.upsert), change.upsert);
          else await this.mergeUpdate(t, target, pending, change.update);
        }
        positions.set(entry.streamId, entry.version);
        applied += 1;
      }
      if (positions.size === 0) return { applied: 0 };
      await this.transaction(async () => {
        const dirty = await this.writeRows(t, target, [...pending.values()]);
        await this.writePositions(t.product.name, target, positions);
        if (target === 'live') await this.markDirty(t.product.name, dirty);
      });
      for (const [stream, version] of positions) t.positions[target].set(stream, version);
      return { applied };
    });
  }

  /** The stream version the product has applied (0: none), without waiting for the writer. */
  position(name: string, target: Target, streamId: string): number {
    return this.product(name).positions[target].get(streamId) ?? 0;
  }

  /** Starts a rebuild: an empty shadow table and no positions. */
  beginRebuild(name: string): Promise<void> {
    return this.exclusive(async () => {
      const t = this.product(name);
      await this.connection.run(`DROP TABLE IF EXISTS ${q(t.rebuild)}`);
      await this.connection.run(createTable(t.rebuild, t.columns, t.product.key));
      await this.connection.run(`DELETE FROM _positions_rebuild WHERE product = $1`, [name]);
      t.positions.rebuild.clear();
    });
  }

  /** Replaces the live table and positions by the rebuild's, in one transaction; every partition becomes dirty. */
  finishRebuild(name: string, previousPartitions: readonly string[]): Promise<void> {
    return this.exclusive(async () => {
      const t = this.product(name);
      await this.transaction(async () => {
        await this.connection.run(`DROP TABLE ${q(t.live)}`);
        await this.connection.run(`ALTER TABLE ${q(t.rebuild)} RENAME TO ${q(t.live)}`);
        await this.connection.run(`DELETE FROM _positions WHERE product = $1`, [name]);
        await this.connection.run(`INSERT INTO _positions SELECT * FROM _positions_rebuild WHERE product = $1`, [name]);
        await this.connection.run(`DELETE FROM _positions_rebuild WHERE product = $1`, [name]);
        await this.connection.run(`UPDATE _products SET built_at = now() WHERE product = $1`, [name]);
        await this.markDirty(name, new Set([...previousPartitions, ...(await this.partitionsOf(t))]));
      });
      t.positions.live.clear();
      for (const [stream, version] of t.positions.rebuild) t.positions.live.set(stream, version);
      t.positions.rebuild.clear();
    });
  }

  dirtyPartitions(name: string): Promise<string[]> {
    return this.exclusive(async () => (await this.rows(`SELECT partition FROM _dirty_partitions WHERE product = $1 ORDER BY partition`, [name])).map((r) => r.partition as string));
  }

  /**
   * Calls `write` for each dirty partition with its row count and a function that copies its rows,
   * in key order, to a Parquet file; then clears it. Holds the writer meanwhile, so no change
   * slips in between a partition's export and its clearing. A failed write leaves it dirty.
   */
  exportDirty(name: string, write: (partition: string, rows: number, copyTo: (file: string) => Promise<void>) => Promise<void>): Promise<string[]> {
    return this.exclusive(async () => {
      const t = this.product(name);
      const dirty = (await this.rows(`SELECT partition FROM _dirty_partitions WHERE product = $1 ORDER BY partition`, [name])).map((r) => r.partition as string);
      for (const partition of dirty) {
        const where = partitionFilter(t, partition);
        const [count] = await this.rows(`SELECT CAST(count(*) AS VARCHAR) AS n FROM ${q(t.live)} WHERE ${where}`);
        const select = `SELECT * FROM ${q(t.live)} WHERE ${where} ORDER BY ${t.product.key.map(q).join(', ')}`;
        await write(partition, Number(count?.n ?? 0), async (file) => {
          await this.connection.run(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
        });
        await this.connection.run(`DELETE FROM _dirty_partitions WHERE product = $1 AND partition = $2`, [name, partition]);
      }
      return dirty;
    });
  }

  /** Marks partitions for export again (a partition file found missing or corrupted). */
  markPartitionsDirty(name: string, partitions: Iterable<string>): Promise<void> {
    return this.exclusive(() => this.markDirty(name, new Set(partitions)));
  }

  /** Deletes rows in partitions that end before `before` (YYYY-MM-DD); returns those partitions (now dirty). */
  deleteBefore(name: string, before: string): Promise<string[]> {
    return this.exclusive(async () => {
      const t = this.product(name);
      const column = q(t.product.partitionBy.column);
      const days = await this.rows(`SELECT DISTINCT strftime(${column}, '%Y-%m-%d') AS day FROM ${q(t.live)} WHERE ${column} < CAST($1 AS DATE)`, [before]);
      const partitions = new Set(days.map((d) => partitionOf(t.product.partitionBy.grain, d.day as string)));
      const expired = [...partitions].filter((p) => partitionDays(p).last < before);
      if (expired.length === 0) return [];
      await this.transaction(async () => {
        for (const p of expired) await this.connection.run(`DELETE FROM ${q(t.live)} WHERE ${partitionFilter(t, p)}`);
        await this.markDirty(name, new Set(expired));
      });
      return expired;
    });
  }

  rowCount(name: string, target: Target = 'live'): Promise<number> {
    return this.exclusive(async () => {
      const t = this.product(name);
      const [row] = await this.rows(`SELECT CAST(count(*) AS VARCHAR) AS n FROM ${q(t[target])}`);
      return Number(row?.n ?? 0);
    });
  }

  /** Every row as text, in key order (tests compare a rebuild with the table it replaced). */
  dump(name: string): Promise<Record<string, string | null>[]> {
    return this.exclusive(async () => {
      const t = this.product(name);
      return this.rows(`SELECT ${t.columns.map((c) => `${asText(c)} AS ${q(c.name)}`).join(', ')} FROM ${q(t.live)} ORDER BY ${t.product.key.map(q).join(', ')}`);
    });
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }

  private async mergeUpdate(t: ProductTables, target: Target, pending: Map<string, Cells>, update: { key: Cells; set: Cells }): Promise<void> {
    const key = keyOf(t.product.key, update.key);
    let row = pending.get(key);
    if (!row) {
      const where = t.product.key.map((k, i) => `${q(k)} = CAST($${i + 1} AS ${columnOf(t, k).type})`).join(' AND ');
      const [current] = await this.rows(`SELECT ${t.columns.map((c) => `${asText(c)} AS ${q(c.name)}`).join(', ')} FROM ${q(t[target])} WHERE ${where}`, t.product.key.map((k) => update.key[k] ?? null));
      if (!current) return;
      row = current as Cells;
    }
    pending.set(key, { ...row, ...update.set });
  }

  /** Stages rows and replaces them by key; returns the partitions they left and entered. */
  private async writeRows(t: ProductTables, target: Target, rows: readonly Cells[]): Promise<Set<string>> {
    const dirty = new Set<string>();
    if (rows.length === 0) return dirty;
    await this.connection.run(`DELETE FROM ${q(t.stage)}`);
    const appender = await this.connection.createAppender(t.stage, 'main', 'temp');
    for (const row of rows) {
      for (const c of t.columns) {
        const value = row[c.name];
        if (value === null || value === undefined) appender.appendNull();
        else appender.appendVarchar(value);
      }
      appender.endRow();
    }
    appender.closeSync();
    const column = q(t.product.partitionBy.column);
    const join = t.product.key.map((k) => `t.${q(k)} = CAST(s.${q(k)} AS ${columnOf(t, k).type})`).join(' AND ');
    for (const r of await this.rows(`SELECT DISTINCT strftime(t.${column}, '%Y-%m-%d') AS day FROM ${q(t[target])} t JOIN ${q(t.stage)} s ON ${join}`)) {
      dirty.add(partitionOf(t.product.partitionBy.grain, r.day as string));
    }
    await this.connection.run(`INSERT OR REPLACE INTO ${q(t[target])} SELECT ${t.columns.map(castFromText).join(', ')} FROM ${q(t.stage)}`);
    for (const row of rows) dirty.add(partitionOf(t.product.partitionBy.grain, row[t.product.partitionBy.column] as string));
    return dirty;
  }

  private async writePositions(product: string, target: Target, positions: ReadonlyMap<string, number>): Promise<void> {
    await this.connection.run(`DELETE FROM _stage_positions`);
    const appender = await this.connection.createAppender('_stage_positions', 'main', 'temp');
    for (const [stream, version] of positions) {
      appender.appendVarchar(product);
      appender.appendVarchar(stream);
      appender.appendBigInt(BigInt(version));
      appender.endRow();
    }
    appender.closeSync();
    await this.connection.run(`INSERT OR REPLACE INTO ${positionsTable(target)} SELECT * FROM _stage_positions`);
  }

  private async markDirty(product: string, partitions: ReadonlySet<string>): Promise<void> {
    for (const partition of partitions) await this.connection.run(`INSERT OR IGNORE INTO _dirty_partitions VALUES ($1, $2)`, [product, partition]);
  }

  private async partitionsOf(t: ProductTables): Promise<string[]> {
    const column = q(t.product.partitionBy.column);
    const days = await this.rows(`SELECT DISTINCT strftime(${column}, '%Y-%m-%d') AS day FROM ${q(t.live)}`);
    return [...new Set(days.map((d) => partitionOf(t.product.partitionBy.grain, d.day as string)))];
  }

  private async transaction(body: () => Promise<void>): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      await body();
      await this.connection.run('COMMIT');
    } catch (err) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  private async rows(sql: string, values: (string | number | null)[] = []): Promise<Record<string, string | null>[]> {
    const reader = await this.connection.runAndReadAll(sql, values);
    return reader.getRowObjectsJson() as Record<string, string | null>[];
  }

  private product(name: string): ProductTables {
    const t = this.tables.get(name);
    if (!t) throw new Error(`data product ${name} is not attached to the warehouse`);
    return t;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function positionsTable(target: Target): string {
  return target === 'live' ? '_positions' : '_positions_rebuild';
}

function createTable(name: string, columns: readonly Column[], key: readonly string[]): string {
  const definitions = columns.map((c) => `${q(c.name)} ${c.type}${c.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${q(name)} (${definitions.join(', ')}, PRIMARY KEY (${key.map(q).join(', ')}))`;
}

function columnOf(t: ProductTables, name: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`${t.product.name} has no column ${name}`);
  return c;
}

/** The rows of a partition; partition names are checked by `partitionOf`'s pattern, so they are safe as literals. */
function partitionFilter(t: ProductTables, partition: string): string {
  const column = q(t.product.partitionBy.column);
  const match = /^(day|month)=(\d{4}-\d{2}(-\d{2})?)$/.exec(partition);
  if (!match) throw new Error(`invalid partition ${partition}`);
  return match[1] === 'day' ? `${column} = DATE '${match[2]}'` : `strftime(${column}, '%Y-%m') = '${match[2]}'`;
}

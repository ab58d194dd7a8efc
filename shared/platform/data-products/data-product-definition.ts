import { z } from 'zod';
import type { EventEnvelope } from '../event-store/event-envelope';
import type { PublicMessage } from '../messaging/public-message';
import type { NamedQuery } from './named-query';

/**
 * What a column holds, as far as personal data goes. `pseudonymised`: the source value (`from`,
 * e.g. a customer id) never reaches the output; the platform writes a keyed hash of it instead,
 * the same for the same value, so analysts can count and join without knowing who.
 */
export type FieldClassification = { readonly personal: 'none' } | { readonly personal: 'pseudonymised'; readonly from: string };

/** A personal field of the source the product deliberately leaves out, and why. */
export interface DroppedField {
  readonly field: string;
  readonly why: string;
}

export type PartitionGrain = 'day' | 'month';

/** One change to the product's table. `update` changes the rows matching `key` (none, if there are none). */
export type RowChange<Row> = { readonly upsert: Row } | { readonly update: { readonly key: Partial<Row>; readonly set: Partial<Row> } };

/** What a stored-event mapping may ask besides the event: its stream up to and including it. */
export interface SourceContext {
  history(): Promise<readonly EventEnvelope[]>;
}

/** Fed from the owning context's own stored events (when no public message carries what is needed). */
export interface StoredEventSource<Row> {
  readonly kind: 'stored-events';
  readonly eventTypes: readonly string[];
  /** Why the public messages do not do. */
  readonly why: string;
  readonly rows: (event: EventEnvelope, context: SourceContext) => readonly RowChange<Row>[] | Promise<readonly RowChange<Row>[]>;
}

/** Fed from public messages (the published language), translated by the relay's translating subscriber. */
export interface PublicMessageSource<Row> {
  readonly kind: 'public-messages';
  readonly messages: readonly { readonly type: string; readonly version: number }[];
  readonly rows: (message: PublicMessage) => readonly RowChange<Row>[];
}

export type DataProductSource<Row> = StoredEventSource<Row> | PublicMessageSource<Row>;

export interface DataProductOwner {
  /** The team accountable for the product. */
  readonly team: string;
  readonly contact: string;
}

type RowOf<S extends z.ZodObject> = z.output<S>;

/** A data product as its owning context declares it (see `defineDataProduct`). */
export interface DataProductDefinition<S extends z.ZodObject = z.ZodObject> {
  /** `<context>.<kebab-name>`, e.g. `ordering.sales`: its address. */
  readonly name: string;
  readonly context: string;
  readonly owner: DataProductOwner;
  readonly purpose: string;
  /** Major version of the schema: consumers of the Parquet layout and the queries are pinned to one. */
  readonly version: number;
  /** snake_case name of the table the queries read. */
  readonly table: string;
  /** Rows of the output port, one zod schema per column (the same value schemas the code validates with). */
  readonly schema: S;
  /** Columns identifying a row (upserts replace by it). */
  readonly key: readonly (keyof RowOf<S> & string)[];
  readonly classification: { readonly [K in keyof RowOf<S> & string]: FieldClassification };
  readonly dropped: readonly DroppedField[];
  /** A DATE column (`YYYY-MM-DD`) and the size of one Parquet partition. */
  readonly partitionBy: { readonly column: keyof RowOf<S> & string; readonly grain: PartitionGrain };
  /** The port may trail the event store by at most this much. */
  readonly freshnessObjectiveSeconds: number;
  /** Partitions older than this many days are deleted. */
  readonly retentionDays: number;
  readonly source: DataProductSource<RowOf<S>>;
  readonly queries: readonly NamedQuery[];
}

/** A data product with its row type erased, as the catalogue and the runtime hold it. */
export type DataProduct = DataProductDefinition<z.ZodObject> & {
  readonly source: DataProductSource<Record<string, unknown>>;
  readonly classification: Readonly<Record<string, FieldClassification>>;
  readonly key: readonly string[];
  readonly partitionBy: { readonly column: string; readonly grain: PartitionGrain };
};

/** Declares a data product; its row mapping, key, classification and partition are typed by its schema. */
export function defineDataProduct<S extends z.ZodObject>(definition: DataProductDefinition<S>): DataProduct {
  return definition as unknown as DataProduct;
}

/** JSON Schema keyword marking a column as a keyed-hash pseudonym, naming what it stands for. */
export const PSEUDONYM_KEYWORD = 'x-pseudonym-of';

/** A pseudonymised column: 32 hex digits, a keyed hash of the source value `of` names. */
export function pseudonym(of: string): z.ZodString {
  return z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .meta({ [PSEUDONYM_KEYWORD]: of, description: `Pseudonym (keyed hash) of the ${of}: equal for the same ${of}, not reversible` });
}

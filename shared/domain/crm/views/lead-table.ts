import type { Collection, Db, Filter } from 'mongodb';
import type { Lead } from '../lead/lead-state';
import type { LeadStatus } from '../lead/lead-status';

/** One row of the talk's leads table: the lead's current state and the stream version it reflects. */
export interface LeadRow extends Lead {
  readonly version: number;
}

interface LeadRowDocument extends LeadRow {
  _id: string;
}

export const LEAD_TABLE_COLLECTION = 'crm_lead_table';

export interface LeadTableQuery {
  readonly status?: LeadStatus;
  readonly limit: number;
  readonly offset: number;
}

/**
 * The leads' current state as a view (CQRS query side), kept in the read database by the
 * lead-table projection. Rows are keyed by lead id; the projection writes a row only with a
 * higher version, so redelivered events change nothing.
 */
export class LeadTable {
  private readonly rows: Collection<LeadRowDocument>;

  constructor(readDb: Db) {
    this.rows = readDb.collection<LeadRowDocument>(LEAD_TABLE_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.rows.createIndex({ status: 1, createdOn: 1 }, { name: 'status_created' });
  }

  async get(leadId: string): Promise<LeadRow | null> {
    const doc = await this.rows.findOne({ _id: leadId });
    return doc ? toRow(doc) : null;
  }

  async put(row: LeadRow): Promise<void> {
    await this.rows.replaceOne({ _id: row.leadId }, row, { upsert: true });
  }

  /** Oldest lead first (ties by id), optionally of one status. */
  async list(query: LeadTableQuery): Promise<{ rows: LeadRow[]; total: number }> {
    const filter: Filter<LeadRowDocument> = query.status ? { status: query.status } : {};
    const [docs, total] = await Promise.all([
      this.rows.find(filter).sort({ createdOn: 1, _id: 1 }).skip(query.offset).limit(query.limit).toArray(),
      this.rows.countDocuments(filter),
    ]);
    return { rows: docs.map(toRow), total };
  }
}

function toRow(doc: LeadRowDocument): LeadRow {
  const { _id: _ignored, ...row } = doc;
  return row;
}

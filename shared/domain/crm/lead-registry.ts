import type { Collection, Db } from 'mongodb';
import { insertOnce } from '../../platform/mongo/insert-once';
import { leadStreamId } from './lead/lead-stream';

interface LeadRegistryDocument {
  /** The lead id. */
  _id: string;
  streamId: string;
  registeredAt: Date;
}

export const LEAD_REGISTRY_COLLECTION = 'crm_lead_registry';

/**
 * Which leads exist: one small document per lead, written when its `lead-initialized` is
 * stored. The funnel analytics read every lead's stream; listing ids here and reading each
 * stream by its exact `_id` chain avoids scanning the whole event store (slow on FerretDB).
 */
export class LeadRegistry {
  private readonly leads: Collection<LeadRegistryDocument>;

  constructor(db: Db) {
    this.leads = db.collection<LeadRegistryDocument>(LEAD_REGISTRY_COLLECTION);
  }

  /** Idempotent: registering a lead twice keeps the first registration. */
  async register(leadId: string, at = new Date()): Promise<void> {
    await insertOnce(this.leads, { _id: leadId, streamId: leadStreamId(leadId), registeredAt: at });
  }

  async leadIds(): Promise<string[]> {
    const docs = await this.leads.find({}, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }
}

import { StorageDriverClaim, type Payload, type StorageDriver, type StorageDriverRetrieveContext, type StorageDriverStoreContext, type StorageDriverTargetInfo } from '@temporalio/common';
// A CommonJS module: a named import of it fails under Node's ESM loader (tsx), the default import works everywhere.
import proto from '@temporalio/proto';
import type { ClaimHolder, ClaimStore } from '../claims';
import { ClaimCorruptedError } from '../claims';

/** The name written into every reference in workflow histories: never change it. */
export const CLAIM_DRIVER_NAME = 'claims';
export const TEMPORAL_PAYLOAD_CONTENT_TYPE = 'application/x-temporal-payload';

const PayloadProto = proto.temporal.api.common.v1.Payload;

/**
 * Temporal's external storage (the SDK's claim check) on the claim store: a payload above the
 * threshold is stored as a claim and the history keeps `{driverName, claimData: {claimId,
 * sha256}}`. The payloads arrive already encrypted by the codec. Each claim records the workflow
 * it was stored for, which the retention sweep asks Temporal about.
 */
export class ClaimStorageDriver implements StorageDriver {
  readonly name = CLAIM_DRIVER_NAME;
  readonly type = 'saga-platform.mongodb-claims';

  constructor(private readonly claims: ClaimStore) {}

  async store(context: StorageDriverStoreContext, payloads: Payload[]): Promise<StorageDriverClaim[]> {
    const holder = holderOf(context.target);
    return Promise.all(payloads.map(async (payload) => {
      const bytes = PayloadProto.encode(payload).finish();
      const ticket = await this.claims.put(once(bytes), { contentType: TEMPORAL_PAYLOAD_CONTENT_TYPE, readers: [], ...(holder ? { holder } : {}) });
      return new StorageDriverClaim({ claimId: ticket.claimId, sha256: ticket.sha256 });
    }));
  }

  async retrieve(_context: StorageDriverRetrieveContext, claims: StorageDriverClaim[]): Promise<Payload[]> {
    return Promise.all(claims.map((claim) => this.retrieveOne(claim.claimData)));
  }

  /** One referenced payload; the ticket's SHA-256 must be the stored claim's. */
  async retrieveOne(claimData: Readonly<Record<string, string>>): Promise<Payload> {
    const claimId = claimData.claimId ?? '';
    const claim = await this.claims.find(claimId);
    if (claim && claimData.sha256 !== undefined && claim.sha256 !== claimData.sha256) {
      throw new ClaimCorruptedError(claimId, 'the stored claim is not the one the reference names');
    }
    return PayloadProto.decode(await this.claims.read(claimId));
  }
}

function holderOf(target: StorageDriverTargetInfo | undefined): ClaimHolder | undefined {
  if (!target?.id) return undefined;
  return { kind: target.kind, id: target.id, namespace: target.namespace };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

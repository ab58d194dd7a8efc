import type { Db } from 'mongodb';
import { ProviderRejection } from '../domain/kernel/provider-errors';
import type { ReturnCarrier, ReturnLabel, ReturnLabelRequest, ReturnParcelTracking } from '../domain/shipping/return-carrier';
import { IdempotencyRecord, pickLatency, simulateCall, SimulatorStore, type SimulatedCallOptions, type SimulatorDocument } from './simulated-provider';
import { randomId, realSleep, systemClock, type Clock, type LatencyRange, type Random, type Sleep } from './simulation';

export interface SimulatedReturnCarrierOptions {
  /** Where the carrier keeps its labels: every instance over the same collection is the same carrier. */
  readonly db: Db;
  /** Default 'sim_return_carrier'. */
  readonly collection?: string;
  /** Default 'sim-parcel'. */
  readonly name?: string;
  /** How long a parcel travels from the label to the warehouse's arrival scan (default 30 s: a demo, not a week). */
  readonly transitMs?: number;
  readonly random?: Random;
  readonly sleep?: Sleep;
  readonly clock?: Clock;
  /** Default 20-80 ms. */
  readonly latency?: LatencyRange;
  /** Chance of a transient failure on any call, default 0. */
  readonly transientFailureRate?: number;
}

/** `_id` = trackingId, written once. */
interface LabelDocument extends SimulatorDocument {
  readonly type: 'return-label';
  readonly returnId: string;
  readonly orderId: string;
  readonly issuedAt: string;
  readonly expectedBy: string;
}

/**
 * A carrier's returns desk: issues labels, and scans each parcel in at the warehouse once its
 * transit time has passed (the "simulated carrier event" of a return). State in MongoDB, so
 * every worker and a restarted one see the same labels.
 */
export class SimulatedReturnCarrier implements ReturnCarrier {
  private readonly store: SimulatorStore;
  private readonly name: string;
  private readonly transitMs: number;
  private readonly random: Random;
  private readonly clock: Clock;
  private readonly latency: LatencyRange;
  private readonly call: SimulatedCallOptions;
  private readonly labelCalls: IdempotencyRecord<ReturnLabel>;

  constructor(options: SimulatedReturnCarrierOptions) {
    this.store = new SimulatorStore(options.db, options.collection ?? 'sim_return_carrier');
    this.name = options.name ?? 'sim-parcel';
    this.transitMs = options.transitMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? systemClock;
    this.latency = options.latency ?? { minMs: 20, maxMs: 80 };
    this.call = { provider: 'carrier', random: this.random, sleep: options.sleep ?? realSleep, transientFailureRate: options.transientFailureRate ?? 0 };
    this.labelCalls = new IdempotencyRecord(this.store, 'carrier', 'return-label');
  }

  issueReturnLabel(request: ReturnLabelRequest): Promise<ReturnLabel> {
    const { idempotencyKey, ...rest } = request;
    return simulateCall(this.call, this.labelCalls, idempotencyKey, rest, pickLatency(this.random, this.latency), async () => {
      if (request.items.length === 0 || request.items.some((i) => !Number.isSafeInteger(i.quantity) || i.quantity < 1)) {
        throw new ProviderRejection('carrier', 'invalid-return', 'A return label needs at least one item with a positive quantity');
      }
      const now = this.clock();
      const issuedAt = now.toISOString();
      const expectedBy = new Date(now.getTime() + this.transitMs).toISOString();
      const trackingId = await this.store.insertWithFreshId(
        () => randomId(this.random, 'RTN').toUpperCase(),
        (id): LabelDocument => ({ _id: id, type: 'return-label', returnId: request.returnId, orderId: request.orderId, issuedAt, expectedBy }),
      );
      return { carrier: this.name, trackingId, expectedBy, issuedAt };
    });
  }

  async trackReturnParcel(request: { readonly trackingId: string }): Promise<ReturnParcelTracking> {
    await this.call.sleep(pickLatency(this.random, this.latency));
    const label = await this.store.get<LabelDocument>(request.trackingId);
    if (label?.type !== 'return-label') {
      throw new ProviderRejection('carrier', 'return-label-not-found', `No return label ${request.trackingId}`, { trackingId: request.trackingId });
    }
    if (this.clock().getTime() < Date.parse(label.expectedBy)) return { trackingId: label._id, status: 'in-transit' };
    return { trackingId: label._id, status: 'delivered', deliveredAt: label.expectedBy };
  }
}

import type { Db } from 'mongodb';
import { ProviderRejection, TransientProviderError } from '../domain/kernel/provider-errors';
import { ShippingAddress } from '../domain/kernel/shipping-address';
import {
  creationOrder,
  IdempotencyRecord,
  keyedId,
  OrderReferences,
  pickLatency,
  simulateCall,
  SimulatorStore,
  transitionId,
  type CreationOrder,
  type SimulatedCallOptions,
  type SimulatorDocument,
  type TransitionDocument,
} from './simulated-provider';
import {
  randomInt,
  realSleep,
  systemClock,
  type Clock,
  type LatencyRange,
  type Random,
  type Sleep,
} from './simulation';
import { isValidationError } from '../domain/kernel/validation-error';
import type {
  CancelledShipment,
  CancelShipmentRequest,
  Carrier,
  DispatchedShipment,
  DispatchShipmentRequest,
  ScheduledShipment,
  ScheduleShipmentRequest,
  ShipmentRecord,
} from '../domain/shipping/carrier';

export interface SimulatedCarrierOptions {
  /** Where the carrier keeps its state: every instance over the same collection is the same carrier. */
  readonly db: Db;
  /** Default 'sim_carrier'. */
  readonly collection?: string;
  /** Default 'sim-parcel'. */
  readonly name?: string;
  readonly random?: Random;
  readonly sleep?: Sleep;
  readonly clock?: Clock;
  /** Default 20-80 ms. */
  readonly latency?: LatencyRange;
  /** Chance of a transient failure on any call, default 0. */
  readonly transientFailureRate?: number;
  /** Every new idempotency key fails transiently this many times before it is served; default 0. */
  readonly failFirstAttempts?: number;
  /** Default HI and AK. */
  readonly unsupportedStates?: readonly string[];
  /** Default 00000. */
  readonly undeliverableZips?: readonly string[];
  /** Days from scheduling to delivery, default 2-5. */
  readonly transitDays?: { readonly min: number; readonly max: number };
}

type ShipmentStatus = 'scheduled' | 'cancelled' | 'dispatched';

/** What the simulator holds about one shipment (for tests and diagnostics). */
export interface SimulatedShipment {
  readonly trackingId: string;
  readonly orderId: string;
  readonly status: ShipmentStatus;
}

/**
 * `_id` = trackingId, derived from the schedule call's idempotency key: inserting it is the
 * booking and carries the call's answer, so a retried call finds it instead of booking twice.
 * Immutable: the status is the transition claim. (Documents of earlier versions, without
 * `scheduled`, count once their call recorded them.)
 */
interface ShipmentDocument extends SimulatorDocument, CreationOrder {
  readonly type: 'shipment';
  readonly orderId: string;
  readonly scheduleKey: string;
  readonly fingerprint?: string;
  readonly scheduled?: ScheduledShipment;
  readonly address?: ScheduleShipmentRequest['address'];
}

/** `transition:<trackingId>:scheduled`. */
type ScheduledExit =
  | (TransitionDocument<ShipmentStatus> & { readonly to: 'cancelled'; readonly cancelled: CancelledShipment })
  | (TransitionDocument<ShipmentStatus> & { readonly to: 'dispatched'; readonly dispatched: DispatchedShipment });

const DAY_MS = 24 * 60 * 60 * 1000;
const TRACKING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A parcel carrier: serviceable-area rules, idempotency keys, transient failures, latency.
 * Its state is in MongoDB (see SimulatorStore), shared by every worker process.
 */
export class SimulatedCarrier implements Carrier {
  readonly name: string;
  private readonly store: SimulatorStore;
  private readonly random: Random;
  private readonly clock: Clock;
  private readonly latency: LatencyRange;
  private readonly failFirstAttempts: number;
  private readonly unsupportedStates: ReadonlySet<string>;
  private readonly undeliverableZips: ReadonlySet<string>;
  private readonly transitDays: { readonly min: number; readonly max: number };
  private readonly call: SimulatedCallOptions;

  private readonly scheduleCalls: IdempotencyRecord<ScheduledShipment>;
  private readonly cancelCalls: IdempotencyRecord<CancelledShipment>;
  private readonly dispatchCalls: IdempotencyRecord<DispatchedShipment>;
  private readonly orderShipments: OrderReferences;

  constructor(options: SimulatedCarrierOptions) {
    this.name = options.name ?? 'sim-parcel';
    this.store = new SimulatorStore(options.db, options.collection ?? 'sim_carrier');
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? systemClock;
    this.latency = options.latency ?? { minMs: 20, maxMs: 80 };
    this.failFirstAttempts = options.failFirstAttempts ?? 0;
    this.unsupportedStates = new Set(options.unsupportedStates ?? ['HI', 'AK']);
    this.undeliverableZips = new Set(options.undeliverableZips ?? ['00000']);
    this.transitDays = options.transitDays ?? { min: 2, max: 5 };
    this.call = {
      provider: 'carrier',
      random: this.random,
      sleep: options.sleep ?? realSleep,
      transientFailureRate: options.transientFailureRate ?? 0,
    };
    this.scheduleCalls = new IdempotencyRecord(this.store, 'carrier', 'schedule');
    this.cancelCalls = new IdempotencyRecord(this.store, 'carrier', 'cancel');
    this.dispatchCalls = new IdempotencyRecord(this.store, 'carrier', 'dispatch');
    this.orderShipments = new OrderReferences(this.store, 'shipment');
  }

  scheduleShipment(request: ScheduleShipmentRequest): Promise<ScheduledShipment> {
    const { idempotencyKey, ...rest } = request;
    const fingerprint = JSON.stringify(rest);
    return simulateCall(this.call, this.scheduleCalls, idempotencyKey, rest, this.nextLatency(), async (attempt) => {
      this.maybeFailEarly(attempt);
      this.assertServiceable(request);
      const trackingId = keyedId('TRK', 'schedule', idempotencyKey, TRACKING_ALPHABET, 12);
      // Referenced from its order first, so no booking exists that a compensation cannot find.
      await this.orderShipments.add(request.orderId, trackingId);
      const now = this.clock();
      const days = randomInt(this.random, this.transitDays.min, this.transitDays.max);
      const scheduled: ScheduledShipment = {
        carrier: this.name,
        trackingId,
        estimatedDeliveryDate: new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10),
        scheduledAt: now.toISOString(),
      };
      const { doc } = await this.store.insertOrGet<ShipmentDocument>({
        _id: trackingId,
        type: 'shipment',
        orderId: request.orderId,
        scheduleKey: idempotencyKey,
        fingerprint,
        scheduled,
        address: request.address,
        ...creationOrder(),
      });
      if (doc.fingerprint !== fingerprint || doc.scheduled === undefined) {
        throw new ProviderRejection('carrier', 'idempotency-key-reused', 'This idempotency key was used for a different request', { idempotencyKey });
      }
      return doc.scheduled;
    });
  }

  cancelShipment(request: CancelShipmentRequest): Promise<CancelledShipment> {
    const { idempotencyKey, ...rest } = request;
    const claimedBy = this.cancelCalls.recordId(idempotencyKey);
    return simulateCall(this.call, this.cancelCalls, idempotencyKey, rest, this.nextLatency(), async (attempt) => {
      this.maybeFailEarly(attempt);
      const shipment = await this.shipment(request.trackingId);
      return this.store.claimTransition<ScheduledExit, CancelledShipment>(
        { entityId: shipment._id, from: 'scheduled', claimedBy },
        async () => ({ to: 'cancelled', cancelled: { trackingId: shipment._id, cancelledAt: this.clock().toISOString() } }),
        (exit) => this.cancelAfter(exit, claimedBy),
      );
    });
  }

  dispatchShipment(request: DispatchShipmentRequest): Promise<DispatchedShipment> {
    const { idempotencyKey, ...rest } = request;
    const claimedBy = this.dispatchCalls.recordId(idempotencyKey);
    return simulateCall(this.call, this.dispatchCalls, idempotencyKey, rest, this.nextLatency(), async (attempt) => {
      this.maybeFailEarly(attempt);
      const shipment = await this.shipment(request.trackingId);
      return this.store.claimTransition<ScheduledExit, DispatchedShipment>(
        { entityId: shipment._id, from: 'scheduled', claimedBy },
        async () => ({ to: 'dispatched', dispatched: { trackingId: shipment._id, dispatchedAt: this.clock().toISOString() } }),
        (exit) => this.dispatchAfter(exit, claimedBy),
      );
    });
  }

  async findShipments({ orderId }: { readonly orderId: string }): Promise<readonly ShipmentRecord[]> {
    const records: ShipmentRecord[] = [];
    for (const id of await this.orderShipments.list(orderId)) {
      const doc = await this.store.get<ShipmentDocument>(id);
      const scheduled = doc?.type === 'shipment' ? await this.scheduledAs(doc) : undefined;
      if (!doc || !scheduled) continue;
      const exit = await this.store.get<ScheduledExit>(transitionId(doc._id, 'scheduled'));
      const base = { ...scheduled, orderId: doc.orderId, ...(doc.address ? { address: doc.address } : {}) };
      if (exit === undefined) records.push({ ...base, status: 'scheduled' });
      else if (exit.to === 'cancelled') records.push({ ...base, status: 'cancelled' });
      else records.push({ ...base, status: 'dispatched', dispatchedAt: exit.dispatched.dispatchedAt });
    }
    return records;
  }

  /** All shipments the carrier scheduled, in creation order. Scans the collection: for tests and diagnostics. */
  async listShipments(): Promise<readonly SimulatedShipment[]> {
    const shipments: SimulatedShipment[] = [];
    for (const doc of await this.store.listOfType<ShipmentDocument>('shipment')) {
      if (await this.isScheduled(doc)) shipments.push(await this.describe(doc));
    }
    return shipments;
  }

  private assertServiceable(request: ScheduleShipmentRequest): void {
    let address: ShippingAddress;
    try {
      address = ShippingAddress.of(request.address);
    } catch (err) {
      if (!isValidationError(err)) throw err;
      throw new ProviderRejection('carrier', 'invalid-address', err.message, { field: err.field });
    }
    if (this.unsupportedStates.has(address.state.value)) {
      throw new ProviderRejection('carrier', 'address-not-serviceable', `We do not deliver to ${address.state.value}`, {
        reason: 'unsupported-state',
        state: address.state.value,
      });
    }
    if (this.undeliverableZips.has(address.zip.slice(0, 5))) {
      throw new ProviderRejection('carrier', 'address-not-serviceable', `ZIP ${address.zip} is not deliverable`, {
        reason: 'undeliverable-zip',
        zip: address.zip,
      });
    }
  }

  private async shipment(trackingId: string): Promise<ShipmentDocument> {
    const doc = await this.store.get<ShipmentDocument>(trackingId);
    if (doc?.type === 'shipment' && (await this.isScheduled(doc))) return doc;
    throw new ProviderRejection('carrier', 'shipment-not-found', `No shipment ${trackingId}`, { trackingId });
  }

  private async isScheduled(doc: ShipmentDocument): Promise<boolean> {
    return (await this.scheduledAs(doc)) !== undefined;
  }

  /** The booking a document stands for, if it was made. */
  private async scheduledAs(doc: ShipmentDocument): Promise<ScheduledShipment | undefined> {
    if (doc.scheduled) return doc.scheduled;
    const recorded = await this.scheduleCalls.storedValue(doc.scheduleKey);
    return recorded?.trackingId === doc._id ? recorded : undefined;
  }

  private async describe(doc: ShipmentDocument): Promise<SimulatedShipment> {
    const exit = await this.store.get<ScheduledExit>(transitionId(doc._id, 'scheduled'));
    return { trackingId: doc._id, orderId: doc.orderId, status: exit?.to ?? 'scheduled' };
  }

  private cancelAfter(exit: ScheduledExit, claimedBy: string): CancelledShipment {
    if (exit.to === 'dispatched') {
      throw new ProviderRejection('carrier', 'shipment-already-dispatched', 'The parcel has already left', {
        trackingId: exit.entityId,
      });
    }
    if (exit.claimedBy === claimedBy) return exit.cancelled;
    // Cancelling a cancelled shipment succeeds.
    return { trackingId: exit.entityId, cancelledAt: this.clock().toISOString() };
  }

  private dispatchAfter(exit: ScheduledExit, claimedBy: string): DispatchedShipment {
    if (exit.to === 'cancelled') {
      throw new ProviderRejection('carrier', 'shipment-cancelled', 'The shipment was cancelled', { trackingId: exit.entityId });
    }
    if (exit.claimedBy === claimedBy) return exit.dispatched;
    // Dispatching a dispatched shipment succeeds.
    return { trackingId: exit.entityId, dispatchedAt: this.clock().toISOString() };
  }

  private maybeFailEarly(attempt: number): void {
    if (attempt <= this.failFirstAttempts) {
      throw new TransientProviderError('carrier', `Simulated carrier outage (attempt ${attempt})`);
    }
  }

  private nextLatency(): number {
    return pickLatency(this.random, this.latency);
  }
}

import { ProviderRejection, TransientProviderError } from '../kernel/provider-errors';
import { ShippingAddress } from '../kernel/shipping-address';
import { IdempotencyRecord, pickLatency, simulateCall, type SimulatedCallOptions } from '../kernel/simulated-provider';
import {
  randomInt,
  realSleep,
  systemClock,
  type Clock,
  type LatencyRange,
  type Random,
  type Sleep,
} from '../kernel/simulation';
import { isValidationError } from '../kernel/validation-error';
import type {
  CancelledShipment,
  CancelShipmentRequest,
  Carrier,
  DispatchedShipment,
  DispatchShipmentRequest,
  ScheduledShipment,
  ScheduleShipmentRequest,
} from './carrier';

export interface SimulatedCarrierOptions {
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

/** What the simulator holds about one shipment (for tests and diagnostics). */
export interface SimulatedShipment {
  readonly trackingId: string;
  readonly orderId: string;
  readonly status: 'scheduled' | 'cancelled' | 'dispatched';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** An in-memory parcel carrier: serviceable-area rules, idempotency keys, transient failures, latency. */
export class SimulatedCarrier implements Carrier {
  readonly name: string;
  private readonly random: Random;
  private readonly clock: Clock;
  private readonly latency: LatencyRange;
  private readonly failFirstAttempts: number;
  private readonly unsupportedStates: ReadonlySet<string>;
  private readonly undeliverableZips: ReadonlySet<string>;
  private readonly transitDays: { readonly min: number; readonly max: number };
  private readonly call: SimulatedCallOptions;

  private readonly shipments = new Map<string, SimulatedShipment>();
  private readonly scheduleCalls = new IdempotencyRecord<ScheduledShipment>('carrier');
  private readonly cancelCalls = new IdempotencyRecord<CancelledShipment>('carrier');
  private readonly dispatchCalls = new IdempotencyRecord<DispatchedShipment>('carrier');

  constructor(options: SimulatedCarrierOptions = {}) {
    this.name = options.name ?? 'sim-parcel';
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
  }

  scheduleShipment(request: ScheduleShipmentRequest): Promise<ScheduledShipment> {
    const { idempotencyKey, ...rest } = request;
    return simulateCall(this.call, this.scheduleCalls, idempotencyKey, rest, this.nextLatency(), (attempt) => {
      this.maybeFailEarly(attempt);
      this.assertServiceable(request);
      const trackingId = this.newTrackingId();
      this.shipments.set(trackingId, { trackingId, orderId: request.orderId, status: 'scheduled' });
      const now = this.clock();
      const days = randomInt(this.random, this.transitDays.min, this.transitDays.max);
      return {
        carrier: this.name,
        trackingId,
        estimatedDeliveryDate: new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10),
        scheduledAt: now.toISOString(),
      };
    });
  }

  cancelShipment(request: CancelShipmentRequest): Promise<CancelledShipment> {
    const { idempotencyKey, ...rest } = request;
    return simulateCall(this.call, this.cancelCalls, idempotencyKey, rest, this.nextLatency(), (attempt) => {
      this.maybeFailEarly(attempt);
      const shipment = this.shipment(request.trackingId);
      if (shipment.status === 'dispatched') {
        throw new ProviderRejection('carrier', 'shipment-already-dispatched', 'The parcel has already left', {
          trackingId: shipment.trackingId,
        });
      }
      this.shipments.set(shipment.trackingId, { ...shipment, status: 'cancelled' });
      return { trackingId: shipment.trackingId, cancelledAt: this.clock().toISOString() };
    });
  }

  dispatchShipment(request: DispatchShipmentRequest): Promise<DispatchedShipment> {
    const { idempotencyKey, ...rest } = request;
    return simulateCall(this.call, this.dispatchCalls, idempotencyKey, rest, this.nextLatency(), (attempt) => {
      this.maybeFailEarly(attempt);
      const shipment = this.shipment(request.trackingId);
      if (shipment.status === 'cancelled') {
        throw new ProviderRejection('carrier', 'shipment-cancelled', 'The shipment was cancelled', {
          trackingId: shipment.trackingId,
        });
      }
      this.shipments.set(shipment.trackingId, { ...shipment, status: 'dispatched' });
      return { trackingId: shipment.trackingId, dispatchedAt: this.clock().toISOString() };
    });
  }

  /** All shipments the simulator scheduled, in creation order. */
  listShipments(): readonly SimulatedShipment[] {
    return [...this.shipments.values()];
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

  private shipment(trackingId: string): SimulatedShipment {
    const shipment = this.shipments.get(trackingId);
    if (shipment === undefined) {
      throw new ProviderRejection('carrier', 'shipment-not-found', `No shipment ${trackingId}`, { trackingId });
    }
    return shipment;
  }

  private maybeFailEarly(attempt: number): void {
    if (attempt <= this.failFirstAttempts) {
      throw new TransientProviderError('carrier', `Simulated carrier outage (attempt ${attempt})`);
    }
  }

  private nextLatency(): number {
    return pickLatency(this.random, this.latency);
  }

  private newTrackingId(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    let id = '';
    for (let i = 0; i < 12; i++) id += alphabet[Math.floor(this.random() * alphabet.length)];
    return `TRK${id}`;
  }
}

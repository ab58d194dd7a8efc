import type { Db } from 'mongodb';
import { EventStore } from '../shared/platform/event-store';
import { SimulatedPaymentGateway } from '../shared/adapters/simulated-payment-gateway';
import { SimulatedCarrier } from '../shared/adapters/simulated-carrier';
import { SimulatedReturnCarrier } from '../shared/adapters/simulated-return-carrier';
import type { KeyRing } from '../shared/platform/crypto/key-ring';
import type { ActivityDeps } from '.';

/**
 * The local default: the event store on `db` and the simulated payment gateway and carrier,
 * whose state also lives in `db` so every worker process (and a restarted one) sees the same
 * provider. A deployment with real providers builds ActivityDeps with its own adapters.
 */
export function localActivityDeps(db: Db, dataKeys: KeyRing, options: LocalProviderOptions = {}): ActivityDeps {
  const gateway = new SimulatedPaymentGateway({ db });
  return {
    db,
    dataKeys,
    eventStore: new EventStore(db),
    paymentGateway: gateway,
    partialRefunds: gateway,
    carrier: new SimulatedCarrier({ db }),
    returnCarrier: new SimulatedReturnCarrier({ db, ...(options.returnParcelTransitMs === undefined ? {} : { transitMs: options.returnParcelTransitMs }) }),
  };
}

export interface LocalProviderOptions {
  /** How long the simulated carrier takes to bring a return parcel to the warehouse (RETURN_PARCEL_TRANSIT). */
  readonly returnParcelTransitMs?: number;
}

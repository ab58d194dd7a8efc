import type { Db } from 'mongodb';
import type { EventStore} from '../shared/platform/event-store';
import { SnapshotStore } from '../shared/platform/event-store';
import { CardVault } from '../shared/adapters/card-vault';
import type { KeyRing } from '../shared/platform/crypto/key-ring';
import type { PaymentGateway } from '../shared/domain/payments/payment-gateway';
import type { Carrier } from '../shared/domain/shipping/carrier';
import type { PartialRefunds } from '../shared/domain/payments/partial-refunds';
import type { ReturnCarrier } from '../shared/domain/shipping/return-carrier';
import { createReturnRefundActivities } from './payments/return-refund-payment-activities';
import { createReturnShipmentActivities } from './shipping/return-shipment-activities';
import { createLeadActivities } from './crm/lead-activities';
import { createStockActivities } from './inventory/stock-activities';
import { CommandRunner } from './kernel/command-runner';
import { failureMappingInterceptor } from './kernel/failure-mapping';
import { createSagaMetrics, type SagaMetrics } from './kernel/saga-metrics';
import { createPointsActivities } from './loyalty/points-activities';
import { createOrderActivities } from './ordering/order-activities';
import type { OrderFulfilmentActivities } from './ordering/order-fulfilment-activities';
import { createPaymentActivities } from './payments/payment-activities';
import { createShipmentActivities } from './shipping/shipment-activities';
import { createSmokeActivities } from './smoke/record-smoke-check';

/** What activities need from the outside world; one instance per worker process. */
export interface ActivityDeps {
  readonly db: Db;
  readonly eventStore: EventStore;
  readonly paymentGateway: PaymentGateway;
  readonly carrier: Carrier;
  /** Refunds of returns (part of an order's capture). */
  readonly partialRefunds: PartialRefunds;
  /** The carrier's returns desk: labels and the parcel's arrival scan. */
  readonly returnCarrier: ReturnCarrier;
  /** Opens the card vault's sealed cards. */
  readonly dataKeys: KeyRing;
  /** Default: the process's SAGA_METRICS. */
  readonly metrics?: SagaMetrics;
}

/** The saga activities' metrics of this process (the worker serves them on its health port). */
export const SAGA_METRICS = createSagaMetrics();

export function createActivities(deps: ActivityDeps) {
  const runner = new CommandRunner(deps.eventStore, new SnapshotStore(deps.db));
  const stock = createStockActivities(runner);
  const shipments = createShipmentActivities(runner, deps.carrier);
  const fulfilment: OrderFulfilmentActivities = {
    ...createOrderActivities(runner, deps.metrics ?? SAGA_METRICS),
    reserveStock: stock.reserveStock,
    releaseStock: stock.releaseStock,
    ...createPaymentActivities(runner, deps.paymentGateway, new CardVault(deps.db, deps.dataKeys)),
    scheduleShipment: shipments.scheduleShipment,
    cancelShipment: shipments.cancelShipment,
    async dispatchShipment(input) {
      await shipments.dispatchShipmentWithCarrier(input);
      await stock.commitStockReservations(input);
    },
    ...createPointsActivities(runner),
  };
  return {
    ...createSmokeActivities(deps.db),
    ...fulfilment,
    ...createLeadActivities(runner, deps.db),
    // The two participants of the returns choreography that react through a workflow.
    ...createReturnShipmentActivities(runner, deps.returnCarrier),
    ...createReturnRefundActivities(runner, deps.partialRefunds),
  };
}

export type Activities = ReturnType<typeof createActivities>;

/** Worker interceptors every worker running these activities must install. */
export function activityInterceptors(metrics: SagaMetrics = SAGA_METRICS) {
  return { activity: [failureMappingInterceptor(metrics)] };
}

export const ACTIVITY_INTERCEPTORS = activityInterceptors();

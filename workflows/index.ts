// Every workflow the worker registers. Only deterministic code may be reachable from here.
export { smokeCheck } from './smoke/smoke-check';
export { orderFulfilmentSaga } from './ordering/order-fulfilment/order-fulfilment-saga';
export { compensateTerminatedOrder } from './ordering/order-fulfilment/compensate-terminated-order';
export { leadLifecycle } from './crm/lead-lifecycle/lead-lifecycle';
export { payloadRoundTrip } from './smoke/payload-round-trip';
export { returnParcel } from './shipping/return-parcel/return-parcel';
export { returnRefund } from './payments/return-refund/return-refund';

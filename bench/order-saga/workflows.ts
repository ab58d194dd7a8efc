// The bench worker's workflows: the real order saga and the bare no-op chain it is compared with.
export { orderFulfilmentSaga } from '../../workflows/ordering/order-fulfilment/order-fulfilment-saga';
export { noopChain } from './noop-workflow';

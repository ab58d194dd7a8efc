import { customersView } from '../crm/read-models/customers';
import { stockLevelsView } from '../inventory/read-models/stock-levels';
import { orderSummaryView } from '../ordering/read-models/order-summary';
import { ordersByCustomerView } from '../ordering/read-models/orders-by-customer';
import { salesByStateView } from '../ordering/read-models/sales-by-state';
import type { ProjectionView, ViewName } from './projection-view';

/** Every read model the projector keeps. */
export const PROJECTION_VIEWS: Readonly<Record<ViewName, ProjectionView>> = {
  'order-summary': orderSummaryView,
  'orders-by-customer': ordersByCustomerView,
  'sales-by-state': salesByStateView,
  'stock-levels': stockLevelsView,
  customers: customersView,
};

import type { ProjectionView } from '../platform/projections/projection-view';
import { customersView } from './crm/views/customers';
import { leadFunnelView } from './crm/views/lead-funnel';
import { leadTableView } from './crm/views/lead-table';
import { stockLevelsView } from './inventory/views/stock-levels';
import { orderSummaryView } from './ordering/views/order-summary';
import { ordersByCustomerView } from './ordering/views/orders-by-customer';
import { salesByStateView } from './ordering/views/sales-by-state';
import { returnsView } from './ordering/views/returns-view';

export const VIEW_NAMES = ['order-summary', 'orders-by-customer', 'sales-by-state', 'stock-levels', 'customers', 'lead-table', 'lead-funnel', 'returns'] as const;
export type CatalogViewName = (typeof VIEW_NAMES)[number];

export function isViewName(name: string): name is CatalogViewName {
  return (VIEW_NAMES as readonly string[]).includes(name);
}

/** Every view the projector keeps, by name. */
export const PROJECTION_VIEWS: Readonly<Record<CatalogViewName, ProjectionView>> = {
  'order-summary': orderSummaryView,
  'orders-by-customer': ordersByCustomerView,
  'sales-by-state': salesByStateView,
  'stock-levels': stockLevelsView,
  customers: customersView,
  'lead-table': leadTableView,
  'lead-funnel': leadFunnelView,
  returns: returnsView,
};

export const ALL_VIEWS: readonly ProjectionView[] = VIEW_NAMES.map((name) => PROJECTION_VIEWS[name]);

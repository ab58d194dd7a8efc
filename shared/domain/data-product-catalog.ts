import { DataProductCatalogue } from '../platform/data-products/data-product-catalogue';
import { leadFunnelDataProduct } from './crm/data-products/lead-funnel-data-product';
import { stockMovementsDataProduct } from './inventory/data-products/stock-movements-data-product';
import { publicMessageCatalogue } from './message-catalog';
import { salesDataProduct } from './ordering/data-products/sales-data-product';

/** The personal fields of a public message version, for the governance rule on products fed from messages. */
export function personalFieldsOfMessage(type: string, version: number): readonly string[] | undefined {
  const definition = publicMessageCatalogue.find(type, version);
  return definition ? publicMessageCatalogue.personalDataOf(definition) : undefined;
}

/** Every data product, each owned and declared by its bounded context; built only if all obey the governance rules. */
export const dataProductCatalogue = new DataProductCatalogue([salesDataProduct, leadFunnelDataProduct, stockMovementsDataProduct], personalFieldsOfMessage);

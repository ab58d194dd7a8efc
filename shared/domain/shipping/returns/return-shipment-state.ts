import type { ReturnLabelIssuedPayload, ReturnParcelReceivedPayload } from './return-shipment-events';

export type ReturnShipmentState =
  | { readonly status: 'no-label' }
  | { readonly status: 'label-issued'; readonly label: ReturnLabelIssuedPayload }
  | { readonly status: 'received'; readonly label: ReturnLabelIssuedPayload; readonly receipt: ReturnParcelReceivedPayload };

export const initialReturnShipmentState: ReturnShipmentState = { status: 'no-label' };

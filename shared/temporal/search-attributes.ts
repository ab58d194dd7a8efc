import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Keep in step with scripts/search-attributes.txt (a unit test checks). */
export const OrderIdAttribute = defineSearchAttributeKey('OrderId', SearchAttributeType.KEYWORD);
export const CustomerIdAttribute = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const SagaStatusAttribute = defineSearchAttributeKey('SagaStatus', SearchAttributeType.KEYWORD);
export const OrderTotalAttribute = defineSearchAttributeKey('OrderTotal', SearchAttributeType.DOUBLE);
export const LeadIdAttribute = defineSearchAttributeKey('LeadId', SearchAttributeType.KEYWORD);
export const LeadStatusAttribute = defineSearchAttributeKey('LeadStatus', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [
  OrderIdAttribute, CustomerIdAttribute, SagaStatusAttribute, OrderTotalAttribute, LeadIdAttribute, LeadStatusAttribute,
] as const;

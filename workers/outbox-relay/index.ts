export { OutboxRelay, type RelayRunSummary } from './outbox-relay';
export type { OutboxRelayOptions } from './relay-options';
export type { StreamClaim, StreamDeliveryOutcome, StreamDeliveryStatus } from './stream-delivery';

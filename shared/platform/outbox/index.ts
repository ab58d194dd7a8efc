export { DeadLetters, deadLetterId, listDeadLetters, requeueDeadLetter, type DeadLetter, type DeadLetterStatus, type ListDeadLettersOptions, type RequeueOptions, type RequeueOutcome } from './dead-letters';
export { Inbox, InboxBusyError, type InboxOptions } from './inbox';
export { inProcessSubscriber, isBatchSubscriber, subscriberAccepts, type BatchSubscriber, type StreamEvents, type StreamEventsOutcome, type Subscriber } from './subscriber';
export { OutboxRelay, type RelayRunSummary } from './outbox-relay';
export type { OutboxRelayOptions } from './relay-options';
export type { StreamClaim, StreamDeliveryOutcome, StreamDeliveryStatus } from './stream-delivery';

export { DeadLetters, deadLetterId, listDeadLetters, requeueDeadLetter, type DeadLetter, type DeadLetterStatus, type ListDeadLettersOptions, type RequeueOptions, type RequeueOutcome } from './dead-letters';
export { Inbox, InboxBusyError, type InboxOptions } from './inbox';
export { inProcessSubscriber, subscriberAccepts, type Subscriber } from './subscriber';
export { WebhookSubscriber, WebhookDeliveryError, type WebhookSubscriberOptions } from './webhook-subscriber';
export { signWebhookBody, verifyWebhookSignature, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, EVENT_ID_HEADER } from './webhook-signature';
export { fullJitterDelay, type BackoffPolicy } from './backoff';

export { EventStore, type EventStoreOptions, type ReadStreamOptions } from './event-store';
export type { AppendOptions, AppendResult, ExpectedVersion } from './append-types';
export { ConcurrencyError, InvalidEventError, isConcurrencyError, isInvalidEventError } from './event-store-errors';
export { DEFAULT_EVENT_LIMITS, STREAM_ID_PATTERN, type EventLimits, type NewEvent } from './event-validation';
export type { ReadAllOptions, ReadAllPage } from './global-order';
export { SnapshotStore, type Snapshot, type SnapshotCodec } from './snapshot-store';
export {
  AggregateRepository,
  type AggregateRepositoryOptions,
  type ExecuteOptions,
  type ExecuteResult,
  type LoadedAggregate,
} from './aggregate-repository';
export { EventUpcasters, registerUpcaster, storedEventUpcasters, UpcasterConflictError, type Upcaster } from './event-upcasters';

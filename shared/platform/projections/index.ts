export { Projector, type ProjectorOptions } from './view-projector';
export { ViewRebuilder, type ViewRebuilderOptions } from './view-rebuilder';
export { MemoryViewStore } from './memory-view-store';
export { ViewApplier, ViewFrozenError } from './view-applier';
export { ProjectionsSubscriber } from './projections-subscriber';

import type { EventEnvelope } from '../event-store/event-envelope';
import type { Subscriber } from '../outbox/subscriber';
import { PROJECTIONS_SUBSCRIBER } from './projection-view';
import { ViewFrozenError, type ViewApplier } from './view-applier';

/**
 * The projector's one outbox subscriber: hands each event to every view that folds its type, in
 * parallel. An event counts as delivered once every such view has it; if one fails, the relay
 * delivers it again later and the views that had it skip it (apply is idempotent per stream
 * version). A view frozen by a rebuild fails its part last, after the others applied theirs.
 */
export class ProjectionsSubscriber implements Subscriber {
  readonly name = PROJECTIONS_SUBSCRIBER;

  constructor(private readonly views: readonly ViewApplier[]) {}

  accepts(type: string): boolean {
    return this.views.some((v) => v.accepts(type));
  }

  async handle(event: EventEnvelope): Promise<void> {
    const results = await Promise.allSettled(this.views.filter((v) => v.accepts(event.type)).map((v) => v.apply(event)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const failure = failures.find((f) => !(f instanceof ViewFrozenError)) ?? failures[0];
    if (failure !== undefined) throw failure;
  }
}

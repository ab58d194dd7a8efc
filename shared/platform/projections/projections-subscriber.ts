import type { EventEnvelope } from '../event-store/event-envelope';
import type { BatchSubscriber, StreamEvents, StreamEventsOutcome } from '../outbox/subscriber';
import { PROJECTIONS_SUBSCRIBER } from './projection-view';
import { ViewFrozenError, type ViewApplier, type ViewFailure } from './view-applier';

/**
 * The projector's one outbox subscriber, a batch subscriber: the relay's leader hands it the
 * events of every stream it claimed in a poll, and each view folds its share of them at once
 * (views in parallel, each writing its documents once, see ViewApplier). A stream counts as
 * delivered up to its first event some view failed; the relay delivers the rest again later and
 * the views that had them skip them (apply is idempotent per stream version). When several views
 * fail, the earliest event wins, and among equals a real failure over a rebuild's freeze.
 */
export class ProjectionsSubscriber implements BatchSubscriber {
  readonly name = PROJECTIONS_SUBSCRIBER;

  constructor(
    private readonly views: readonly ViewApplier[],
    /** Forgets what the projector remembers of view documents (another leader may have written them). */
    private readonly forget: () => void = () => undefined,
  ) {}

  accepts(type: string): boolean {
    return this.views.some((v) => v.accepts(type));
  }

  async handle(event: EventEnvelope): Promise<void> {
    const [outcome] = await this.handleBatch([{ streamId: event.streamId, events: [event] }]);
    if (outcome && outcome.delivered < 1) throw outcome.error;
  }

  async handleBatch(streams: readonly StreamEvents[]): Promise<StreamEventsOutcome[]> {
    const results = await Promise.all(this.views.map((v) => v.applyBatch(streams)));
    return streams.map((s) => {
      const failure = results.reduce<ViewFailure | undefined>((first, r) => earlier(first, r.get(s.streamId)), undefined);
      if (!failure) return { streamId: s.streamId, delivered: s.events.length };
      return { streamId: s.streamId, delivered: s.events.filter((e) => e.version < failure.version).length, error: failure.error };
    });
  }

  reset(): void {
    this.forget();
  }
}

function earlier(a: ViewFailure | undefined, b: ViewFailure | undefined): ViewFailure | undefined {
  if (!a || !b) return a ?? b;
  if (a.version !== b.version) return a.version < b.version ? a : b;
  return a.error instanceof ViewFrozenError ? b : a;
}

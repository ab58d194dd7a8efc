import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { EventStore } from '../platform/event-store';
import type { HolderCheck, HolderState } from '../platform/claims';

/**
 * The retention sweep's answer to "does anything still refer to this claim?", one check per
 * kind of holder the platform stores claims for.
 */
export function claimHolderChecks(deps: { readonly store: EventStore; readonly temporal: (namespace: string) => Client }): Record<string, HolderCheck> {
  return {
    // Attachments: referenced for good once an event of the stream carries the ticket (events are never deleted).
    'event-stream': async (claimId, holder) => {
      const events = await deps.store.readStream(holder.id);
      return { held: events.some((e) => mentions(e.payload, claimId)) };
    },
    // Temporal payloads: referenced while any run of the workflow is open, then released at its close.
    workflow: async (_claimId, holder): Promise<HolderState> => {
      try {
        const description = await deps.temporal(holder.namespace ?? 'default').workflow.getHandle(holder.id).describe();
        if (description.status.name === 'RUNNING' || !description.closeTime) return { held: true };
        return { held: false, releasedAt: description.closeTime };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return { held: false };
        throw err;
      }
    },
  };
}

/** Whether a ticket for `claimId` is anywhere in the payload. */
function mentions(value: unknown, claimId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => mentions(v, claimId));
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return record.claimId === claimId || Object.values(record).some((v) => mentions(v, claimId));
}

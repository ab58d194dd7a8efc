/** Shapes of the API's answers the console reads (see /openapi.json for the full contract). */

export interface StoredEvent {
  readonly type: string;
  readonly eventId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly streamId: string;
  readonly version: number;
  readonly timestamp: string;
  readonly schemaVersion: number;
  readonly payload: Record<string, unknown>;
}

export interface StreamRef {
  readonly streamId: string;
  readonly kind: string | null;
  readonly aggregate: string | null;
  readonly version: number;
}

export interface StreamEvents {
  readonly streamId: string;
  readonly kind: string | null;
  readonly aggregate: string | null;
  readonly head: number;
  readonly events: readonly StoredEvent[];
}

export interface StreamState {
  readonly streamId: string;
  readonly aggregate: string;
  readonly head: number;
  readonly version: number;
  readonly asOf: string | null;
  readonly at: string | null;
  readonly state: unknown;
}

export interface SagaRun {
  readonly orderId: string;
  readonly customerId: string | null;
  readonly totalDollars: number | null;
  readonly sagaStatus: string | null;
  readonly executionStatus: string;
  readonly workflowId: string;
  readonly runId: string;
  readonly startTime: string;
  readonly closeTime: string | null;
  readonly links: { readonly webUi: string; readonly timeline: string };
}

export interface TimelineEntry {
  readonly at: string;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly step: string | null;
  readonly outcome: 'completed' | 'compensated' | 'failed' | 'compensation-failed' | null;
  readonly reason: string | null;
}

export interface MessageVersion {
  readonly version: number;
  readonly kind: string;
  readonly transfer?: string;
  readonly status: string;
  readonly retiresOn?: string;
  readonly description: string;
  readonly why: string;
  readonly derivedFrom: readonly string[];
  readonly personalData: readonly string[];
  readonly schema: string;
}

export interface CatalogEntry {
  readonly type: string;
  readonly context: string;
  readonly versions: readonly MessageVersion[];
}

export interface ViewStatus {
  readonly view: string;
  readonly collection: string | null;
  readonly generation: number | null;
  readonly bootstrapped: boolean;
  readonly frozen: boolean;
  readonly checkpoint: { lastEventAt: string; streamId: string; version: number; appliedAt: string; projector: string } | null;
  readonly lagSeconds: number | null;
  readonly rebuilding: string | null;
}

export interface Projections {
  readonly subscriber: { name: string; backlog: { streams: number; oldestSeconds: number | null }; parkedDeadLetters: number };
  readonly views: readonly ViewStatus[];
}

export interface LagHistory {
  readonly intervalSeconds: number;
  readonly samples: readonly { at: string; backlogStreams: number; oldestPendingSeconds: number | null; views: Record<string, number | null> }[];
}

export interface RebuildJob {
  readonly jobId: string;
  readonly view: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly phase: string;
  readonly progress: number;
  readonly eventsApplied: number;
  readonly documentsWritten: number;
  readonly error?: string;
  readonly stale: boolean;
}

export interface DeadLetter {
  readonly id: string;
  readonly subscriber: string;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly deadAt: string;
  readonly status: 'parked' | 'requeued' | 'resolved';
}

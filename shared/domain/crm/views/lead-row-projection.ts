import { evolveLead } from '../lead/lead-decider';
import type { LeadEvent } from '../lead/lead-events';
import type { LeadRow } from './lead-table';

export type LeadRowChange =
  /** The row after the event. */
  | { readonly kind: 'row'; readonly row: LeadRow }
  /** Already applied (a redelivery): nothing to write. */
  | { readonly kind: 'stale' }
  /** Events between the row and this one are missing: rebuild the row from the stream. */
  | { readonly kind: 'gap' };

/** Applies the lead event at stream `version` to the lead's table row (null: no row yet). */
export function projectLeadRow(row: LeadRow | null, event: LeadEvent, version: number): LeadRowChange {
  const current = row?.version ?? 0;
  if (version <= current) return { kind: 'stale' };
  if (version !== current + 1) return { kind: 'gap' };
  const lead = evolveLead(row ? withoutVersion(row) : null, event);
  return lead ? { kind: 'row', row: { ...lead, version } } : { kind: 'gap' };
}

function withoutVersion(row: LeadRow) {
  const { version: _version, ...lead } = row;
  return lead;
}

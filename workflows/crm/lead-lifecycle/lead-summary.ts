import { setCurrentDetails } from '@temporalio/workflow';
import type { LeadProcessState } from './lead-lifecycle-contract';
import { describeTimer, nextTimer } from './process-state';

/** A readable summary for the Temporal Web UI's "current details" panel (Markdown, no phone number). */
export function describeLead(state: LeadProcessState): void {
  const lead = state.lead;
  const lines = [
    lead ? `**Lead ${state.leadId}**: ${lead.firstName} ${lead.lastName}` : `**Lead ${state.leadId}** (initializing)`,
  ];
  if (lead) {
    lines.push(`Status: **${lead.status}**, ${lead.contactCount} contact(s), ${lead.followupCount} follow-up(s), stream version ${state.version}`);
  }
  const timer = nextTimer(state);
  if (timer) lines.push(`Waiting for: ${describeTimer(timer)}`);
  if (state.order) lines.push(`Order ${state.order.orderId}: ${state.order.status}${state.order.outcomeReason ? ` (${state.order.outcomeReason})` : ''}`);
  if (state.initFailure) lines.push(`Not initialized: ${state.initFailure.code}: ${state.initFailure.message}`);
  lines.push(`Messages handled: ${state.messagesHandled} (run ${state.run})`);
  const lastNote = state.notes.at(-1);
  if (lastNote) lines.push(`Last note: ${lastNote}`);
  setCurrentDetails(lines.join('\n\n'));
}

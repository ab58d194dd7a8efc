import { setCurrentDetails } from '@temporalio/workflow';
import type { OrderSagaState } from './order-fulfilment-contract';

/** A readable summary for the Temporal Web UI's "current details" panel (Markdown). */
export function describeSaga(state: OrderSagaState): void {
  const lines = [
    `**Order ${state.orderId}** for customer ${state.customerId}, total $${(state.totalCents / 100).toFixed(2)}`,
    `Status: **${state.status}**${state.currentStep ? `, current step: \`${state.currentStep}\`` : ''}`,
    `Steps completed: ${state.stepsCompleted.join(' → ') || 'none'}`,
  ];
  if (state.stepsCompensated.length > 0) lines.push(`Compensated: ${state.stepsCompensated.join(' → ')}`);
  if (state.outcomeReason) lines.push(`Reason: ${state.outcomeReason}`);
  setCurrentDetails(lines.join('\n\n'));
}

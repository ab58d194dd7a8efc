// Operator command: undo what a terminated order saga had started. Termination (Web UI
// "Terminate", `temporal workflow terminate`) runs no workflow code, so nothing was compensated;
// this reads the saga's event history, plans the compensations of every step it had started, and
// runs them (idempotent, newest first) in a small workflow on the same worker, then records
// order-cancelled. Safe to run again: a compensation with nothing left to undo does nothing.
//   npx tsx scripts/compensate-terminated-saga.ts <orderId> [--reason "why"] [--dry-run]
import { parseArgs } from 'node:util';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadConfig } from '../shared/app/app-config';
import { runMain } from '../shared/platform/process/run-main';
import { createTemporalClient } from '../shared/platform/temporal/temporal-client';
import { createMongoClient } from '../shared/platform/mongo/connect';
import { appDataConverter } from '../shared/app/payload-converter';
import {
  COMPENSATE_TERMINATED_ORDER_WORKFLOW,
  orderWorkflowId,
  terminatedOrderCompensationId,
  type CompensateTerminatedOrderWorkflow,
  type OrderFulfilmentInput,
} from '../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import { planFromHistory, undoOrder, type HistoryEventJson } from './terminated-saga-plan';

/** Closed without running its compensations. */
const REPAIRABLE = ['TERMINATED', 'TIMED_OUT', 'FAILED'];

await runMain('compensate-terminated-saga', async () => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { reason: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  const orderId = positionals[0];
  if (!orderId) throw new Error('usage: npx tsx scripts/compensate-terminated-saga.ts <orderId> [--reason "why"] [--dry-run]');
  const config = loadConfig();
  // The production data converter: the saga's input is encrypted (and large payloads are claims in MongoDB).
  const mongo = createMongoClient(config.mongo.uri);
  const { client, connection } = createTemporalClient(config.temporal.address, config.temporal.namespace, appDataConverter(config, mongo.db(config.mongo.dbName)));
  try {
    const saga = client.workflow.getHandle(orderWorkflowId(orderId));
    const description = await saga.describe();
    if (!REPAIRABLE.includes(description.status.name)) {
      throw new Error(`order ${orderId}'s saga is ${description.status.name}: only a saga that closed without compensating (${REPAIRABLE.join(', ')}) is repaired this way`);
    }
    const raw = await saga.fetchHistory();
    const history = JSON.parse(historyToJSON(raw)) as { events: HistoryEventJson[] };
    // The saga's input, through the client's data converter (and any payload codec it has).
    const [input] = (await decodeArrayFromPayloads(client.options.loadedDataConverter, raw.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads)) as [OrderFulfilmentInput];
    const plan = planFromHistory(history.events, input.lines.map((l) => l.sku));
    console.log(`order ${orderId}: saga ${description.status.name}; steps started: ${plan.steps.join(', ') || 'none'}; order placed: ${plan.orderPlaced}`);
    if (plan.dispatched) throw new Error(`order ${orderId} was dispatched: it stands, nothing is undone`);
    const reason = values.reason ?? `saga ${description.status.name.toLowerCase()} by an operator`;
    if (values['dry-run']) {
      console.log(`dry run: would undo ${undoOrder(plan).join(' → ') || 'nothing'}${plan.orderPlaced ? ` and record order-cancelled (${reason})` : ''}`);
      return;
    }
    const result = await client.workflow.execute<CompensateTerminatedOrderWorkflow>(COMPENSATE_TERMINATED_ORDER_WORKFLOW, {
      taskQueue: config.temporal.taskQueue,
      workflowId: terminatedOrderCompensationId(orderId),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      args: [{ orderId, customerId: input.customerId, correlationId: input.correlationId, steps: plan.steps, orderPlaced: plan.orderPlaced, reason, policy: input.policy }],
      staticSummary: `Compensations of terminated order ${orderId}`,
    });
    console.log(`compensated: ${result.compensated.join(', ') || 'nothing'}; order-cancelled recorded: ${result.outcomeRecorded}`);
    if (result.failures.length > 0) {
      process.exitCode = 1;
      for (const f of result.failures) console.log(`still failing: ${f.step}: ${f.reason} (fix the cause, then run this command again)`);
    }
  } finally {
    await connection.close();
    await mongo.close();
  }
});

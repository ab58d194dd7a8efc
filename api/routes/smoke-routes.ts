import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import type { ApiRoutes } from '../http/route';
import { problems } from '../http/problem';

const SmokeRequest = z.object({ note: z.string().max(200).default('smoke check') }).strict().openapi('SmokeRequest');
const SmokeResult = z.object({ workflowId: z.string(), runId: z.string(), documentId: z.string(), webUiUrl: z.string() }).openapi('SmokeResult');

const WAIT_MS = 15_000;

export function registerSmokeRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  routes.add({
    method: 'post',
    path: '/smoke',
    scope: 'commands',
    summary: 'Runs a smoke workflow whose activity writes one document to MongoDB',
    tags: ['operations'],
    body: SmokeRequest,
    bodyOptional: true,
    responses: { 201: { description: 'Workflow completed', schema: SmokeResult } },
    handler: async ({ body, correlationId }, res) => {
      const workflowId = `smoke-${randomUUID()}`;
      const handle = await deps.temporal.client.workflow.start('smokeCheck', {
        taskQueue: deps.config.temporal.taskQueue,
        workflowId,
        args: [{ correlationId, note: body.note }],
        staticSummary: `Smoke check: ${body.note}`,
      });
      const result = await Promise.race([
        handle.result() as Promise<{ documentId: string }>,
        new Promise<never>((_, reject) => setTimeout(() => reject(problems.unavailable(`workflow ${workflowId} did not complete within ${WAIT_MS} ms; is a worker running?`)), WAIT_MS).unref()),
      ]);
      const webUiUrl = `${deps.config.temporal.uiUrl}/namespaces/${deps.config.temporal.namespace}/workflows/${workflowId}`;
      res.status(201).json({ workflowId, runId: handle.firstExecutionRunId, documentId: result.documentId, webUiUrl });
    },
  });
}

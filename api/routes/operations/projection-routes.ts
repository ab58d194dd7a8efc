import { z } from 'zod';
import { lagSeconds, projectionBacklog } from '../../../shared/platform/projections/projection-backlog';
import { ProjectionStatusStore } from '../../../shared/platform/projections/projection-status';
import { ALL_VIEWS, VIEW_NAMES } from '../../../shared/domain/view-catalog';
import { PROJECTIONS_SUBSCRIBER, type ViewName } from '../../../shared/platform/projections/projection-view';
import { REBUILD_STALE_MS, RebuildJobs, type RebuildJobDocument } from '../../../shared/platform/projections/rebuild-jobs';
import { isFrozen, ViewPointers } from '../../../shared/platform/projections/view-pointers';
import { RebuildBusyError, ViewRebuilder } from '../../../shared/platform/projections/view-rebuilder';
import type { ApiDeps } from '../../deps';
import { problems } from '../../http/problem';
import { readSide } from '../../http/view-reads';
import type { ApiRoutes } from '../../http/route';

const ViewParams = z.object({ view: z.enum(VIEW_NAMES) }).strict();

const RebuildJobResponse = z
  .object({
    jobId: z.string(),
    view: z.string(),
    status: z.enum(['running', 'completed', 'failed']),
    phase: z.string(),
    progress: z.number().describe('0..1: commits replayed / commits in the store when the job started'),
    commitsAtStart: z.number().int(),
    commitsRead: z.number().int(),
    eventsRead: z.number().int(),
    eventsApplied: z.number().int(),
    documentsWritten: z.number().int(),
    collection: z.string(),
    position: z.string().optional(),
    startedAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().optional(),
    error: z.string().optional(),
    stale: z.boolean().describe('Running but silent for 30 s: its process has probably stopped'),
  })
  .openapi('RebuildJob');

const ProjectionsResponse = z
  .object({
    subscriber: z.object({
      name: z.string().describe("The projector's outbox subscriber"),
      backlog: z.object({ streams: z.number().int(), oldestSeconds: z.number().nullable() }).describe('Streams with events not yet applied, and the age of the oldest such commit'),
      parkedDeadLetters: z.number().int(),
    }),
    views: z.array(z.object({
      view: z.string(),
      collection: z.string().nullable(),
      generation: z.number().int().nullable(),
      bootstrapped: z.boolean(),
      frozen: z.boolean(),
      checkpoint: z.object({ lastEventAt: z.string(), streamId: z.string(), version: z.number().int(), appliedAt: z.string(), projector: z.string() }).nullable(),
      lagSeconds: z.number().describe('Age of the oldest event not applied yet (waiting, or parked in the dead letters); 0 when there is none'),
      rebuilding: z.string().nullable().describe('Id of a running rebuild job'),
    })),
  })
  .openapi('Projections');

/** Operations of the read side: per-view checkpoint, lag and backlog; rebuilds. */
export function registerProjectionRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const { readDb } = readSide(deps);
  const writeDb = deps.mongo.db;
  const pointers = new ViewPointers(readDb);
  const statuses = new ProjectionStatusStore(readDb);
  const jobs = new RebuildJobs(readDb);
  const rebuilder = new ViewRebuilder({ views: ALL_VIEWS, writeDb, readDb, logger: deps.logger });

  routes.add({
    method: 'get',
    path: '/projections',
    scope: ['queries', 'admin'],
    summary: "Each view's serving collection, checkpoint (last applied event) and lag (0 when nothing waits); the projector's backlog and dead letters",
    tags: ['operations', 'views'],
    responses: { 200: { description: 'Projection status', schema: ProjectionsResponse } },
    handler: async (_input, res) => {
      const now = Date.now();
      const name = PROJECTIONS_SUBSCRIBER;
      const [backlogNow, statusByView] = await Promise.all([projectionBacklog(writeDb), statuses.all()]);
      const lag = lagSeconds(backlogNow, now);
      const views = await Promise.all(VIEW_NAMES.map(async (view: ViewName) => {
        const status = statusByView[view];
        const [pointer, [rebuild]] = await Promise.all([pointers.get(view), jobs.running(view)]);
        return {
          view,
          collection: pointer?.active ?? null,
          generation: pointer?.generation ?? null,
          bootstrapped: pointer?.bootstrapped ?? false,
          frozen: pointer ? isFrozen(pointer, now) : false,
          checkpoint: status
            ? { lastEventAt: status.lastEventAt, streamId: status.lastStreamId, version: status.lastVersion, appliedAt: status.lastAppliedAt, projector: status.projector }
            : null,
          lagSeconds: lag,
          rebuilding: rebuild?._id ?? null,
        };
      }));
      const { oldestWaitingAt } = backlogNow;
      const backlog = { streams: backlogNow.streams, oldestSeconds: oldestWaitingAt ? Math.max(0, now - oldestWaitingAt.getTime()) / 1000 : null };
      res.json({ subscriber: { name, backlog, parkedDeadLetters: backlogNow.parkedDeadLetters }, views });
    },
  });

  routes.add({
    method: 'post',
    path: '/projections/:view/rebuild',
    scope: 'admin',
    summary: 'Rebuild a view from the event store into a fresh collection, then switch to it (the old one serves meanwhile)',
    tags: ['operations', 'views'],
    params: ViewParams,
    responses: { 202: { description: 'Rebuild started; follow Location for progress', schema: RebuildJobResponse }, 409: { description: 'A rebuild of this view is in progress' } },
    handler: async ({ params }, res) => {
      const busy = (jobId?: string) => problems.conflict('rebuild-in-progress', `view ${params.view} is being rebuilt${jobId ? ` by job ${jobId}` : ''}`, jobId ? { jobId } : {});
      const [running] = await jobs.running(params.view);
      if (running) throw busy(running._id);
      const { jobIds, done } = await rebuilder.start([params.view], 'api').catch((err: unknown) => {
        throw err instanceof RebuildBusyError ? busy() : err;
      });
      done.catch(() => undefined);
      const jobId = jobIds[params.view] as string;
      const job = await jobs.get(jobId);
      res.status(202).setHeader('Location', `/projections/${params.view}/rebuild/${jobId}`);
      res.json(job ? describeJob(job) : { jobId, view: params.view, status: 'running' });
    },
  });

  routes.add({
    method: 'get',
    path: '/projections/:view/rebuild/:jobId',
    scope: ['admin', 'queries'],
    summary: 'Progress of a rebuild',
    tags: ['operations', 'views'],
    params: ViewParams.extend({ jobId: z.uuid() }),
    responses: { 200: { description: 'The job', schema: RebuildJobResponse } },
    handler: async ({ params }, res) => {
      const job = await jobs.get(params.jobId);
      if (!job || job.view !== params.view) throw problems.notFound(`no rebuild job ${params.jobId} for view ${params.view}`);
      res.json(describeJob(job));
    },
  });
}

function describeJob(job: RebuildJobDocument) {
  const { _id, ...rest } = job;
  return { jobId: _id, ...rest, stale: job.status === 'running' && Date.now() - job.updatedAt.getTime() > REBUILD_STALE_MS };
}

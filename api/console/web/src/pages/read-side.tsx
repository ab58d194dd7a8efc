import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { asProblem, getJson, postJson, type ApiProblem } from '../api';
import { ChartView, PALETTE } from '../chart';
import { session } from '../session';
import type { LagHistory, Projections, RebuildJob, ViewStatus } from '../types';
import { formatClock, formatSeconds, formatTime, ProblemMessage, Section, useApi } from '../ui';

const POLL_MS = 5_000;

/** Every view: checkpoint, lag over the last minutes, backlog; rebuild with progress for admins. */
export function ReadSidePage() {
  const status = useApi((signal) => getJson<Projections>('/projections', { signal }), [], POLL_MS);
  const lag = useApi((signal) => getJson<LagHistory>('/projections/lag?minutes=15', { signal }), [], POLL_MS);
  const admin = session.has('admin');

  return (
    <Section title="Views">
      <ProblemMessage problem={status.problem ?? lag.problem} />
      {status.data && (
        <>
          <p data-testid="backlog">
            Projector <code>{status.data.subscriber.name}</code>: backlog {status.data.subscriber.backlog.streams} stream(s)
            {status.data.subscriber.backlog.oldestSeconds !== null && `, oldest waiting ${formatSeconds(status.data.subscriber.backlog.oldestSeconds)}`}
            {' · '}parked dead letters {status.data.subscriber.parkedDeadLetters}
          </p>
          <table class="views" data-testid="views">
            <thead><tr><th>View</th><th>Checkpoint (last applied event)</th><th>Lag now</th><th>Lag, last 15 minutes</th>{admin && <th>Rebuild</th>}</tr></thead>
            <tbody>
              {status.data.views.map((v, i) => (
                <tr key={v.view} data-testid={`view-${v.view}`}>
                  <td>
                    <strong>{v.view}</strong>
                    <div class="muted small">{v.collection ?? 'no collection yet'}{v.generation !== null && ` · generation ${v.generation}`}{v.frozen && ' · frozen'}</div>
                  </td>
                  <td class="small">{v.checkpoint ? <>{v.checkpoint.streamId} v{v.checkpoint.version}<div class="muted">event {formatTime(v.checkpoint.lastEventAt)}, applied {formatTime(v.checkpoint.appliedAt)}</div></> : '–'}</td>
                  <td>{formatSeconds(lag.data?.samples.at(-1)?.views[v.view])}</td>
                  <td class="spark"><LagChart view={v.view} history={lag.data} color={PALETTE[i % PALETTE.length] as string} /></td>
                  {admin && <td><Rebuild view={v} onDone={status.reload} /></td>}
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted small">
            Lag: 0 while nothing waits for the projector; otherwise how far behind the event store the view may be.
            Sampled every {lag.data?.intervalSeconds ?? 5} s by the API while this page is open.
          </p>
        </>
      )}
    </Section>
  );
}

function LagChart({ view, history, color }: { view: string; history: LagHistory | null; color: string }) {
  const config = useMemo<ChartConfiguration>(() => ({
    type: 'line',
    data: {
      labels: history?.samples.map((s) => formatClock(s.at)) ?? [],
      datasets: [{ label: `${view} lag (s)`, data: history?.samples.map((s) => s.views[view] ?? null) ?? [], borderColor: color, backgroundColor: color, pointRadius: 1.5, borderWidth: 1.5, spanGaps: true }],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: { x: { ticks: { maxTicksLimit: 4, font: { size: 9 } } }, y: { beginAtZero: true, ticks: { maxTicksLimit: 3, font: { size: 9 } } } },
    },
  }), [history, view, color]);
  return <ChartView config={config} height={70} label={`lag-${view}`} />;
}

function Rebuild({ view, onDone }: { view: ViewStatus; onDone: () => void }) {
  const [job, setJob] = useState<RebuildJob | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const jobId = job?.status === 'running' ? job.jobId : view.rebuilding;

  useEffect(() => {
    if (!jobId) return undefined;
    const timer = setInterval(() => {
      getJson<RebuildJob>(`/projections/${encodeURIComponent(view.view)}/rebuild/${jobId}`)
        .then((j) => { setJob(j); if (j.status !== 'running') onDone(); })
        .catch((err: unknown) => setProblem(asProblem(err)));
    }, 1_000);
    return () => clearInterval(timer);
  }, [jobId, view.view]);

  const start = async () => {
    setProblem(null);
    try {
      setJob(await postJson<RebuildJob>(`/projections/${encodeURIComponent(view.view)}/rebuild`));
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  return (
    <div class="rebuild" data-testid={`rebuild-${view.view}`}>
      <button type="button" onClick={start} disabled={jobId !== null && jobId !== undefined} data-testid={`rebuild-button-${view.view}`}>Rebuild</button>
      {job && (
        <div class="small" data-testid={`rebuild-progress-${view.view}`} data-status={job.status}>
          <progress max={1} value={job.progress} /> {Math.round(job.progress * 100)} % · {job.phase} · {job.status}
          {job.error && <span class="problem-inline"> {job.error}</span>}
        </div>
      )}
      <ProblemMessage problem={problem} />
    </div>
  );
}

import { useState } from 'preact/hooks';
import { asProblem, getJson, postJson, withQuery, type ApiProblem } from '../api';
import { href, type Route } from '../route';
import { session } from '../session';
import type { DeadLetter, StoredEvent } from '../types';
import { formatTime, Json, ProblemMessage, Section, useApi } from '../ui';

const STATUSES = ['parked', 'requeued', 'resolved', 'all'] as const;

/** Deliveries that failed every retry: list, inspect the event, requeue (all admin scope). */
export function DeadLettersPage({ route }: { route: Route }) {
  const status = route.params.get('status') ?? 'parked';
  const list = useApi((signal) => getJson<{ items: DeadLetter[] }>(withQuery('/dead-letters', { status, limit: 200 }), { signal }), [status], 10_000);
  const [inspected, setInspected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const admin = session.has('admin');

  const requeue = async (id: string) => {
    setProblem(null);
    setNotice(null);
    try {
      await postJson(`/dead-letters/${encodeURIComponent(id)}/requeue`);
      setNotice(`Re-queued ${id}: the relay delivers it again, then the events of its stream queued behind it.`);
      list.reload();
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  return (
    <>
      <Section title="Dead letters">
        <nav class="tabs">
          {STATUSES.map((s) => <a key={s} href={href('dead-letters', { status: s })} class={s === status ? 'active' : ''}>{s}</a>)}
        </nav>
        <ProblemMessage problem={list.problem ?? problem} />
        {notice && <p class="notice" role="status" data-testid="notice">{notice}</p>}
        {list.data && (
          <table data-testid="dead-letters">
            <thead><tr><th>Subscriber</th><th>Event</th><th>Attempts</th><th>Last error</th><th>Dead since</th><th>Status</th><th /></tr></thead>
            <tbody>
              {list.data.items.length === 0 && <tr><td colSpan={7} class="muted">No dead letters.</td></tr>}
              {list.data.items.map((d) => (
                <tr key={d.id} data-testid="dead-letter" data-id={d.id}>
                  <td>{d.subscriber}</td>
                  <td><a href={href('streams', { key: d.streamId, stream: d.streamId, v: d.version })}>{d.type} · {d.streamId} v{d.version}</a></td>
                  <td class="num">{d.attempts}</td>
                  <td class="small">{d.lastError}</td>
                  <td>{formatTime(d.deadAt)}</td>
                  <td><span class={`badge ${d.status}`}>{d.status}</span></td>
                  <td class="row">
                    <button type="button" class="link" onClick={() => setInspected(inspected === d.id ? null : d.id)}>Inspect</button>
                    {admin && d.status === 'parked' && <button type="button" onClick={() => requeue(d.id)} data-testid="requeue">Requeue</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {inspected && <Inspect key={inspected} id={inspected} />}
    </>
  );
}

function Inspect({ id }: { id: string }) {
  const d = useApi((signal) => getJson<DeadLetter & { event: StoredEvent; requeuedAt: string | null; resolvedAt: string | null }>(`/dead-letters/${encodeURIComponent(id)}`, { signal }), [id]);
  return (
    <Section title={`Dead letter ${id}`}>
      <ProblemMessage problem={d.problem} />
      {d.data && (
        <div data-testid="dead-letter-detail">
          <p>{d.data.attempts} attempt(s); last error: <code>{d.data.lastError}</code>{d.data.requeuedAt && ` · re-queued ${formatTime(d.data.requeuedAt)}`}</p>
          <Json value={d.data.event} />
        </div>
      )}
    </Section>
  );
}

import { useState } from 'preact/hooks';
import { getJson, withQuery } from '../api';
import { href, navigate, type Route } from '../route';
import { session } from '../session';
import type { SagaRun, TimelineEntry } from '../types';
import { formatClock, formatTime, ProblemMessage, Section, useApi } from '../ui';
import { CompensationRetry } from './compensation-retry';

const STATUSES = ['RUNNING', 'AWAITING_REVIEW', 'AWAITING_DISPATCH', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'REJECTED', 'CANCELLED', 'COMPENSATION_FAILED'];

/** Orders by saga status, and one order's saga as a timeline of steps and compensations. */
export function SagasPage({ route }: { route: Route }) {
  const status = route.params.get('status') ?? '';
  const order = route.params.get('order');
  const [draft, setDraft] = useState('');
  const list = useApi((signal) => getJson<{ counts: Record<string, number>; items: SagaRun[] }>(withQuery('/sagas', { status, limit: 100 }), { signal }), [status], 10_000);

  return (
    <>
      <Section
        title="Order sagas"
        actions={
          <form class="row" onSubmit={(e) => { e.preventDefault(); if (draft.trim()) navigate('sagas', { status, order: draft.trim() }); }}>
            <input type="search" placeholder="order id" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} aria-label="order id" />
            <button type="submit">Open</button>
          </form>
        }
      >
        <nav class="tabs" data-testid="saga-status-tabs">
          <a href={href('sagas', { order })} class={status === '' ? 'active' : ''}>All</a>
          {STATUSES.map((s) => (
            <a key={s} href={href('sagas', { status: s, order })} class={status === s ? 'active' : ''} data-testid={`saga-status-${s}`}>
              {s.toLowerCase().replace(/_/g, ' ')} <span class="count">{list.data?.counts[s] ?? '·'}</span>
            </a>
          ))}
        </nav>
        <ProblemMessage problem={list.problem} />
        {list.data && (
          <table data-testid="saga-list">
            <thead><tr><th>Order</th><th>Customer</th><th class="num">Total</th><th>Saga status</th><th>Started</th><th>Closed</th><th>Temporal</th></tr></thead>
            <tbody>
              {list.data.items.length === 0 && <tr><td colSpan={7} class="muted">No saga with this status.</td></tr>}
              {list.data.items.map((r) => (
                <tr key={r.runId} class={r.orderId === order ? 'selected' : ''}>
                  <td><a href={href('sagas', { status, order: r.orderId })} data-testid={`saga-${r.orderId}`}>{r.orderId}</a></td>
                  <td>{r.customerId ?? '–'}</td>
                  <td class="num">{r.totalDollars === null ? '–' : `$${r.totalDollars.toFixed(2)}`}</td>
                  <td><span class={`badge ${(r.sagaStatus ?? '').toLowerCase()}`}>{r.sagaStatus ?? '–'}</span></td>
                  <td>{formatTime(r.startTime)}</td>
                  <td>{formatTime(r.closeTime)}</td>
                  <td><a href={r.links.webUi} target="_blank" rel="noopener noreferrer">Web UI ↗</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {order && <Timeline key={order} orderId={order} />}
    </>
  );
}

function Timeline({ orderId }: { orderId: string }) {
  const t = useApi((signal) => getJson<{ run: SagaRun | null; entries: TimelineEntry[] }>(`/orders/${encodeURIComponent(orderId)}/timeline`, { signal }), [orderId], 5_000);
  const start = t.data?.entries[0] ? Date.parse(t.data.entries[0].at) : 0;
  const failedForGood = t.data?.run?.sagaStatus === 'COMPENSATION_FAILED';
  return (
    <Section
      title={`Saga of order ${orderId}`}
      actions={t.data?.run && <a href={t.data.run.links.webUi} target="_blank" rel="noopener noreferrer" data-testid="web-ui-link">Open the run in the Temporal Web UI ↗</a>}
    >
      <ProblemMessage problem={t.problem} />
      {t.data && (
        <>
          <p>
            Saga status <span class={`badge ${(t.data.run?.sagaStatus ?? '').toLowerCase()}`} data-testid="timeline-status">{t.data.run?.sagaStatus ?? 'unknown (no Temporal run)'}</span>
            {t.data.run && <span class="muted"> · run {t.data.run.runId} · {t.data.run.executionStatus.toLowerCase()}</span>}
          </p>
          {session.has('admin') && (failedForGood || t.data.entries.some((e) => e.eventType === 'order-compensation-failed')) && (
            <CompensationRetry orderId={orderId} canRetry={failedForGood} onDone={t.reload} />
          )}
          <ol class="timeline" data-testid="timeline">
            {t.data.entries.map((e) => (
              <li key={e.eventId} class={`tl ${e.outcome ?? 'plain'}`} data-testid="timeline-entry" data-outcome={e.outcome ?? 'event'} data-step={e.step ?? ''}>
                <span class="tl-time" title={formatTime(e.at)}>{formatClock(e.at)} <span class="muted">+{((Date.parse(e.at) - start) / 1000).toFixed(2)} s</span></span>
                <span class="tl-what">
                  {e.step ? <strong>{e.outcome === 'compensated' || e.outcome === 'compensation-failed' ? `undo ${e.step}` : e.step}</strong> : <strong>{e.eventType}</strong>}
                  {e.outcome && <span class={`badge ${e.outcome}`}>{e.outcome}</span>}
                  {e.reason && <span class="muted"> — {e.reason}</span>}
                </span>
                <a class="tl-event" href={href('streams', { key: e.streamId, stream: e.streamId, v: e.version })}>{e.eventType} · {e.streamId} v{e.version}</a>
              </li>
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}
